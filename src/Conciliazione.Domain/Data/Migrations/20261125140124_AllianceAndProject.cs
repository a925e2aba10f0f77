using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Conciliazione.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class AllianceAndProject : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "partners",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    is_lead_partner = table.Column<bool>(type: "boolean", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partners", x => x.id);
                    table.ForeignKey(
                        name: "fk_partners_alliances_alliance_id",
                        column: x => x.alliance_id,
                        principalTable: "alliances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "projects",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    programme = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    aims = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    outcome = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    end_date = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    closed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    regional_contribution = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    declared_total_cost = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    declared_cofinancing = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    declared_cash_cofinancing = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    declared_in_kind_cofinancing = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    budget_approved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    budget_approved_by = table.Column<Guid>(type: "uuid", nullable: true),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_projects", x => x.id);
                    table.CheckConstraint("ck_projects_amounts_non_negative", "regional_contribution >= 0 AND declared_total_cost >= 0 AND declared_cofinancing >= 0 AND declared_cash_cofinancing >= 0 AND declared_in_kind_cofinancing >= 0");
                    table.CheckConstraint("ck_projects_period", "end_date >= start_date");
                    table.ForeignKey(
                        name: "fk_projects_alliances_alliance_id",
                        column: x => x.alliance_id,
                        principalTable: "alliances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "partner_contacts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    partner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    full_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    role = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partner_contacts", x => x.id);
                    table.ForeignKey(
                        name: "fk_partner_contacts_partners_partner_id",
                        column: x => x.partner_id,
                        principalTable: "partners",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "budget_lines",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    category = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_budget_lines", x => x.id);
                    table.CheckConstraint("ck_budget_lines_amount_non_negative", "amount >= 0");
                    table.ForeignKey(
                        name: "fk_budget_lines_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "partner_cofinancings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    partner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cash = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    in_kind = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partner_cofinancings", x => x.id);
                    table.CheckConstraint("ck_partner_cofinancings_non_negative", "cash >= 0 AND in_kind >= 0");
                    table.ForeignKey(
                        name: "fk_partner_cofinancings_partners_partner_id",
                        column: x => x.partner_id,
                        principalTable: "partners",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_partner_cofinancings_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "project_actions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    modality = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    integration = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    objectives = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    target_groups = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    expected_results = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    sort_order = table.Column<int>(type: "integer", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_project_actions", x => x.id);
                    table.ForeignKey(
                        name: "fk_project_actions_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "project_extensions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    previous_end_date = table.Column<DateOnly>(type: "date", nullable: false),
                    new_end_date = table.Column<DateOnly>(type: "date", nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_project_extensions", x => x.id);
                    table.CheckConstraint("ck_project_extensions_later", "new_end_date > previous_end_date");
                    table.ForeignKey(
                        name: "fk_project_extensions_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "indicators",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    action_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    unit = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    comparison = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    target_value = table.Column<int>(type: "integer", nullable: true),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    computation_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    manual_value = table.Column<int>(type: "integer", nullable: true),
                    evidence = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    manual_value_recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    manual_value_recorded_by = table.Column<Guid>(type: "uuid", nullable: true),
                    sort_order = table.Column<int>(type: "integer", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_indicators", x => x.id);
                    table.CheckConstraint("ck_indicators_manual_value_non_negative", "manual_value IS NULL OR manual_value >= 0");
                    table.CheckConstraint("ck_indicators_target_non_negative", "target_value IS NULL OR target_value >= 0");
                    table.ForeignKey(
                        name: "fk_indicators_project_actions_action_id",
                        column: x => x.action_id,
                        principalTable: "project_actions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_budget_lines_project_id_category",
                table: "budget_lines",
                columns: new[] { "project_id", "category" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_indicators_action_id",
                table: "indicators",
                column: "action_id");

            migrationBuilder.CreateIndex(
                name: "ix_partner_cofinancings_partner_id",
                table: "partner_cofinancings",
                column: "partner_id");

            migrationBuilder.CreateIndex(
                name: "ix_partner_cofinancings_project_id_partner_id",
                table: "partner_cofinancings",
                columns: new[] { "project_id", "partner_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_partner_contacts_partner_id",
                table: "partner_contacts",
                column: "partner_id");

            migrationBuilder.CreateIndex(
                name: "ix_partners_alliance_id_name",
                table: "partners",
                columns: new[] { "alliance_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_project_actions_project_id_code",
                table: "project_actions",
                columns: new[] { "project_id", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_project_extensions_project_id",
                table: "project_extensions",
                column: "project_id");

            migrationBuilder.CreateIndex(
                name: "ix_projects_alliance_id_title",
                table: "projects",
                columns: new[] { "alliance_id", "title" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "budget_lines");

            migrationBuilder.DropTable(
                name: "indicators");

            migrationBuilder.DropTable(
                name: "partner_cofinancings");

            migrationBuilder.DropTable(
                name: "partner_contacts");

            migrationBuilder.DropTable(
                name: "project_extensions");

            migrationBuilder.DropTable(
                name: "project_actions");

            migrationBuilder.DropTable(
                name: "partners");

            migrationBuilder.DropTable(
                name: "projects");
        }
    }
}
