using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Conciliazione.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class Monitoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "residence_municipality_id",
                table: "applications",
                type: "uuid",
                nullable: true);

            // The residence municipality moves out of the employment JSON into its own column
            // (the dashboards group by it); ids that name no municipality are dropped, not kept dangling.
            migrationBuilder.Sql("""
                UPDATE applications a
                   SET residence_municipality_id = m.id
                  FROM municipalities m
                 WHERE a.employment->>'ResidenceMunicipalityId' IS NOT NULL
                   AND m.id::text = a.employment->>'ResidenceMunicipalityId';
                UPDATE applications SET employment = employment - 'ResidenceMunicipalityId'
                 WHERE employment ? 'ResidenceMunicipalityId';
                """);

            migrationBuilder.CreateTable(
                name: "monitoring_documents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    purpose = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    content_kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    uploaded_by = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_monitoring_documents", x => x.id);
                    table.CheckConstraint("ck_monitoring_documents_minutes_pdf", "purpose <> 'Minutes' OR content_kind = 'Pdf'");
                    table.ForeignKey(
                        name: "fk_monitoring_documents_alliances_alliance_id",
                        column: x => x.alliance_id,
                        principalTable: "alliances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_monitoring_documents_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "cofinancing_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    partner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    provided_on = table.Column<DateOnly>(type: "date", nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    document_id = table.Column<Guid>(type: "uuid", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<Guid>(type: "uuid", nullable: true),
                    withdrawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    withdrawn_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cofinancing_entries", x => x.id);
                    table.CheckConstraint("ck_cofinancing_entries_amount", "amount > 0");
                    table.CheckConstraint("ck_cofinancing_entries_withdrawn", "(withdrawn_at IS NULL) = (withdrawn_reason IS NULL)");
                    table.ForeignKey(
                        name: "fk_cofinancing_entries_alliances_alliance_id",
                        column: x => x.alliance_id,
                        principalTable: "alliances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_cofinancing_entries_monitoring_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "monitoring_documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_cofinancing_entries_partners_partner_id",
                        column: x => x.partner_id,
                        principalTable: "partners",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_cofinancing_entries_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "cost_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    category = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    partner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    incurred_on = table.Column<DateOnly>(type: "date", nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    document_id = table.Column<Guid>(type: "uuid", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<Guid>(type: "uuid", nullable: true),
                    withdrawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    withdrawn_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cost_entries", x => x.id);
                    table.CheckConstraint("ck_cost_entries_amount", "amount > 0");
                    table.CheckConstraint("ck_cost_entries_withdrawn", "(withdrawn_at IS NULL) = (withdrawn_reason IS NULL)");
                    table.ForeignKey(
                        name: "fk_cost_entries_alliances_alliance_id",
                        column: x => x.alliance_id,
                        principalTable: "alliances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_cost_entries_monitoring_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "monitoring_documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_cost_entries_partners_partner_id",
                        column: x => x.partner_id,
                        principalTable: "partners",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_cost_entries_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "indicator_values",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    indicator_id = table.Column<Guid>(type: "uuid", nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    period_end = table.Column<DateOnly>(type: "date", nullable: false),
                    value = table.Column<int>(type: "integer", nullable: false),
                    evidence = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    evidence_document_id = table.Column<Guid>(type: "uuid", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<Guid>(type: "uuid", nullable: true),
                    superseded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_indicator_values", x => x.id);
                    table.CheckConstraint("ck_indicator_values_evidence", "length(btrim(evidence)) > 0");
                    table.CheckConstraint("ck_indicator_values_period", "period_start <= period_end");
                    table.CheckConstraint("ck_indicator_values_value", "value >= 0");
                    table.ForeignKey(
                        name: "fk_indicator_values_alliances_alliance_id",
                        column: x => x.alliance_id,
                        principalTable: "alliances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_indicator_values_indicators_indicator_id",
                        column: x => x.indicator_id,
                        principalTable: "indicators",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_indicator_values_monitoring_documents_evidence_document_id",
                        column: x => x.evidence_document_id,
                        principalTable: "monitoring_documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_indicator_values_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "meetings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    planned_on = table.Column<DateOnly>(type: "date", nullable: false),
                    held_on = table.Column<DateOnly>(type: "date", nullable: true),
                    place = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    agenda = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    minutes_text = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    minutes_document_id = table.Column<Guid>(type: "uuid", nullable: true),
                    minutes_shared_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meetings", x => x.id);
                    table.CheckConstraint("ck_meetings_held", "(status = 'Held') = (held_on IS NOT NULL)");
                    table.CheckConstraint("ck_meetings_shared", "minutes_shared_at IS NULL OR minutes_text IS NOT NULL OR minutes_document_id IS NOT NULL");
                    table.ForeignKey(
                        name: "fk_meetings_alliances_alliance_id",
                        column: x => x.alliance_id,
                        principalTable: "alliances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_meetings_monitoring_documents_minutes_document_id",
                        column: x => x.minutes_document_id,
                        principalTable: "monitoring_documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_meetings_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "meeting_attendees",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    meeting_id = table.Column<Guid>(type: "uuid", nullable: false),
                    partner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    referent_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    present = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meeting_attendees", x => x.id);
                    table.ForeignKey(
                        name: "fk_meeting_attendees_meetings_meeting_id",
                        column: x => x.meeting_id,
                        principalTable: "meetings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_meeting_attendees_partners_partner_id",
                        column: x => x.partner_id,
                        principalTable: "partners",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_applications_residence_municipality_id_call_id_status",
                table: "applications",
                columns: new[] { "residence_municipality_id", "call_id", "status" })
                .Annotation("Npgsql:IndexInclude", new[] { "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_cofinancing_entries_alliance_id",
                table: "cofinancing_entries",
                column: "alliance_id");

            migrationBuilder.CreateIndex(
                name: "ix_cofinancing_entries_document_id",
                table: "cofinancing_entries",
                column: "document_id");

            migrationBuilder.CreateIndex(
                name: "ix_cofinancing_entries_partner_id",
                table: "cofinancing_entries",
                column: "partner_id");

            migrationBuilder.CreateIndex(
                name: "ix_cofinancing_entries_project_id_partner_id",
                table: "cofinancing_entries",
                columns: new[] { "project_id", "partner_id" });

            migrationBuilder.CreateIndex(
                name: "ix_cost_entries_alliance_id",
                table: "cost_entries",
                column: "alliance_id");

            migrationBuilder.CreateIndex(
                name: "ix_cost_entries_document_id",
                table: "cost_entries",
                column: "document_id");

            migrationBuilder.CreateIndex(
                name: "ix_cost_entries_partner_id",
                table: "cost_entries",
                column: "partner_id");

            migrationBuilder.CreateIndex(
                name: "ix_cost_entries_project_id_category",
                table: "cost_entries",
                columns: new[] { "project_id", "category" });

            migrationBuilder.CreateIndex(
                name: "ix_indicator_values_alliance_id",
                table: "indicator_values",
                column: "alliance_id");

            migrationBuilder.CreateIndex(
                name: "ix_indicator_values_evidence_document_id",
                table: "indicator_values",
                column: "evidence_document_id");

            migrationBuilder.CreateIndex(
                name: "ix_indicator_values_project_id",
                table: "indicator_values",
                column: "project_id");

            migrationBuilder.CreateIndex(
                name: "ux_indicator_values_current",
                table: "indicator_values",
                columns: new[] { "indicator_id", "period_start" },
                unique: true,
                filter: "superseded_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_meeting_attendees_meeting_id_partner_id",
                table: "meeting_attendees",
                columns: new[] { "meeting_id", "partner_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_meeting_attendees_partner_id",
                table: "meeting_attendees",
                column: "partner_id");

            migrationBuilder.CreateIndex(
                name: "ix_meetings_alliance_id_planned_on",
                table: "meetings",
                columns: new[] { "alliance_id", "planned_on" });

            migrationBuilder.CreateIndex(
                name: "ix_meetings_minutes_document_id",
                table: "meetings",
                column: "minutes_document_id");

            migrationBuilder.CreateIndex(
                name: "ix_meetings_project_id_planned_on",
                table: "meetings",
                columns: new[] { "project_id", "planned_on" });

            migrationBuilder.CreateIndex(
                name: "ix_monitoring_documents_alliance_id",
                table: "monitoring_documents",
                column: "alliance_id");

            migrationBuilder.CreateIndex(
                name: "ix_monitoring_documents_project_id",
                table: "monitoring_documents",
                column: "project_id");

            migrationBuilder.AddForeignKey(
                name: "fk_applications_municipalities_residence_municipality_id",
                table: "applications",
                column: "residence_municipality_id",
                principalTable: "municipalities",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            // A computed indicator's value is counted from the records: no row may type over it.
            migrationBuilder.Sql("""
                CREATE FUNCTION indicator_values_manual_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF (SELECT source FROM indicators WHERE id = NEW.indicator_id) <> 'Manual' THEN
                        RAISE EXCEPTION 'indicator % is computed by the portal: its value cannot be typed', NEW.indicator_id
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER trg_indicator_values_manual_only BEFORE INSERT OR UPDATE ON indicator_values
                    FOR EACH ROW EXECUTE FUNCTION indicator_values_manual_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS trg_indicator_values_manual_only ON indicator_values;
                DROP FUNCTION IF EXISTS indicator_values_manual_only();
                UPDATE applications SET employment = jsonb_set(employment, '{ResidenceMunicipalityId}', to_jsonb(residence_municipality_id::text))
                 WHERE residence_municipality_id IS NOT NULL;
                """);

            migrationBuilder.DropForeignKey(
                name: "fk_applications_municipalities_residence_municipality_id",
                table: "applications");

            migrationBuilder.DropTable(
                name: "cofinancing_entries");

            migrationBuilder.DropTable(
                name: "cost_entries");

            migrationBuilder.DropTable(
                name: "indicator_values");

            migrationBuilder.DropTable(
                name: "meeting_attendees");

            migrationBuilder.DropTable(
                name: "meetings");

            migrationBuilder.DropTable(
                name: "monitoring_documents");

            migrationBuilder.DropIndex(
                name: "ix_applications_residence_municipality_id_call_id_status",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "residence_municipality_id",
                table: "applications");
        }
    }
}
