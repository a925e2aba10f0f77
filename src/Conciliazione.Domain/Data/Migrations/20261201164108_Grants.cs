using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Conciliazione.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class Grants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "committed",
                table: "calls",
                type: "numeric(12,2)",
                precision: 12,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.CreateTable(
                name: "call_reallocations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from_call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    to_call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_call_reallocations", x => x.id);
                    table.CheckConstraint("ck_call_reallocations_amount", "amount > 0");
                    table.CheckConstraint("ck_call_reallocations_two_calls", "from_call_id <> to_call_id");
                    table.ForeignKey(
                        name: "fk_call_reallocations_calls_from_call_id",
                        column: x => x.from_call_id,
                        principalTable: "calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_call_reallocations_calls_to_call_id",
                        column: x => x.to_call_id,
                        principalTable: "calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_call_reallocations_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "control_samples",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    seed = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    rule = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    rule_value = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    population_size = table.Column<int>(type: "integer", nullable: false),
                    drawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    drawn_by = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_control_samples", x => x.id);
                    table.ForeignKey(
                        name: "fk_control_samples_alliances_alliance_id",
                        column: x => x.alliance_id,
                        principalTable: "alliances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_control_samples_calls_call_id",
                        column: x => x.call_id,
                        principalTable: "calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "grants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    requested = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: true),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    granted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    granted_by = table.Column<Guid>(type: "uuid", nullable: false),
                    released_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    paid = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_grants", x => x.id);
                    table.CheckConstraint("ck_grants_amount", "amount > 0 AND amount <= requested");
                    table.CheckConstraint("ck_grants_paid", "paid >= 0 AND paid <= amount");
                    table.CheckConstraint("ck_grants_released", "(status = 'Active') = (released_at IS NULL)");
                    table.ForeignKey(
                        name: "fk_grants_alliances_alliance_id",
                        column: x => x.alliance_id,
                        principalTable: "alliances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_grants_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_grants_calls_call_id",
                        column: x => x.call_id,
                        principalTable: "calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "rankings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    mode = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    when_short = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    available_at_freeze = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    frozen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    frozen_by = table.Column<Guid>(type: "uuid", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    published_by = table.Column<Guid>(type: "uuid", nullable: true),
                    discarded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    discarded_by = table.Column<Guid>(type: "uuid", nullable: true),
                    discard_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    pdf_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rankings", x => x.id);
                    table.ForeignKey(
                        name: "fk_rankings_alliances_alliance_id",
                        column: x => x.alliance_id,
                        principalTable: "alliances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_rankings_calls_call_id",
                        column: x => x.call_id,
                        principalTable: "calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "self_declaration_controls",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    sample_id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    protocol_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    notes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    checked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    checked_by = table.Column<Guid>(type: "uuid", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_self_declaration_controls", x => x.id);
                    table.ForeignKey(
                        name: "fk_self_declaration_controls_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_self_declaration_controls_control_samples_sample_id",
                        column: x => x.sample_id,
                        principalTable: "control_samples",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recoveries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    grant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<Guid>(type: "uuid", nullable: false),
                    settled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recoveries", x => x.id);
                    table.CheckConstraint("ck_recoveries_amount", "amount > 0");
                    table.ForeignKey(
                        name: "fk_recoveries_grants_grant_id",
                        column: x => x.grant_id,
                        principalTable: "grants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ranking_documents",
                columns: table => new
                {
                    ranking_id = table.Column<Guid>(type: "uuid", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ranking_documents", x => x.ranking_id);
                    table.CheckConstraint("ck_ranking_documents_size", "octet_length(content) <= 10485760");
                    table.ForeignKey(
                        name: "fk_ranking_documents_rankings_ranking_id",
                        column: x => x.ranking_id,
                        principalTable: "rankings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ranking_entries",
                columns: table => new
                {
                    ranking_id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: true),
                    protocol_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    projected_grant = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    breakdown = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ranking_entries", x => new { x.ranking_id, x.application_id });
                    table.CheckConstraint("ck_ranking_entries_position", "position IS NULL OR position > 0");
                    table.ForeignKey(
                        name: "fk_ranking_entries_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_ranking_entries_rankings_ranking_id",
                        column: x => x.ranking_id,
                        principalTable: "rankings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_calls_committed_within_budget",
                table: "calls",
                sql: "committed >= 0 AND committed <= budget");

            migrationBuilder.CreateIndex(
                name: "ix_call_reallocations_from_call_id",
                table: "call_reallocations",
                column: "from_call_id");

            migrationBuilder.CreateIndex(
                name: "ix_call_reallocations_project_id",
                table: "call_reallocations",
                column: "project_id");

            migrationBuilder.CreateIndex(
                name: "ix_call_reallocations_to_call_id",
                table: "call_reallocations",
                column: "to_call_id");

            migrationBuilder.CreateIndex(
                name: "ix_control_samples_alliance_id",
                table: "control_samples",
                column: "alliance_id");

            migrationBuilder.CreateIndex(
                name: "ix_control_samples_call_id",
                table: "control_samples",
                column: "call_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_grants_alliance_id",
                table: "grants",
                column: "alliance_id");

            migrationBuilder.CreateIndex(
                name: "ix_grants_application_id",
                table: "grants",
                column: "application_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_grants_call_id_status",
                table: "grants",
                columns: new[] { "call_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_ranking_entries_application_id",
                table: "ranking_entries",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "ix_ranking_entries_ranking_id_position",
                table: "ranking_entries",
                columns: new[] { "ranking_id", "position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_rankings_alliance_id",
                table: "rankings",
                column: "alliance_id");

            migrationBuilder.CreateIndex(
                name: "ux_rankings_call_in_force",
                table: "rankings",
                column: "call_id",
                unique: true,
                filter: "discarded_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_recoveries_application_id",
                table: "recoveries",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "ix_recoveries_grant_id",
                table: "recoveries",
                column: "grant_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_self_declaration_controls_application_id",
                table: "self_declaration_controls",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "ix_self_declaration_controls_sample_id_application_id",
                table: "self_declaration_controls",
                columns: new[] { "sample_id", "application_id" },
                unique: true);

            // A family on the reserve list may renounce too (ApplicationTransitions; StatusTriggerTests keeps both equal).
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION applications_status_transition() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NOT ((OLD.status::text, NEW.status::text) IN (VALUES
                        ('Draft', 'Submitted'),
                        ('Submitted', 'InReview'),
                        ('InReview', 'DocumentsRequested'),
                        ('DocumentsRequested', 'InReview'),
                        ('InReview', 'Admitted'),
                        ('InReview', 'NotAdmitted'),
                        ('Admitted', 'InReview'),
                        ('NotAdmitted', 'InReview'),
                        ('Submitted', 'Withdrawn'),
                        ('InReview', 'Withdrawn'),
                        ('DocumentsRequested', 'Withdrawn'),
                        ('Admitted', 'Funded'),
                        ('Admitted', 'WaitingList'),
                        ('WaitingList', 'Funded'),
                        ('Funded', 'Renounced'),
                        ('Funded', 'Revoked'),
                        ('WaitingList', 'Renounced'))) THEN
                        RAISE EXCEPTION 'application status transition % -> % is not allowed', OLD.status, NEW.status
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                END
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION applications_status_transition() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NOT ((OLD.status::text, NEW.status::text) IN (VALUES
                        ('Draft', 'Submitted'),
                        ('Submitted', 'InReview'),
                        ('InReview', 'DocumentsRequested'),
                        ('DocumentsRequested', 'InReview'),
                        ('InReview', 'Admitted'),
                        ('InReview', 'NotAdmitted'),
                        ('Admitted', 'InReview'),
                        ('NotAdmitted', 'InReview'),
                        ('Submitted', 'Withdrawn'),
                        ('InReview', 'Withdrawn'),
                        ('DocumentsRequested', 'Withdrawn'),
                        ('Admitted', 'Funded'),
                        ('Admitted', 'WaitingList'),
                        ('WaitingList', 'Funded'),
                        ('Funded', 'Renounced'),
                        ('Funded', 'Revoked'))) THEN
                        RAISE EXCEPTION 'application status transition % -> % is not allowed', OLD.status, NEW.status
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                END
                $$;
                """);


            migrationBuilder.DropTable(
                name: "call_reallocations");

            migrationBuilder.DropTable(
                name: "ranking_documents");

            migrationBuilder.DropTable(
                name: "ranking_entries");

            migrationBuilder.DropTable(
                name: "recoveries");

            migrationBuilder.DropTable(
                name: "self_declaration_controls");

            migrationBuilder.DropTable(
                name: "rankings");

            migrationBuilder.DropTable(
                name: "grants");

            migrationBuilder.DropTable(
                name: "control_samples");

            migrationBuilder.DropCheckConstraint(
                name: "ck_calls_committed_within_budget",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "committed",
                table: "calls");
        }
    }
}
