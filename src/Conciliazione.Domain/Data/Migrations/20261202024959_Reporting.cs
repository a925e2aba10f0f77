using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Conciliazione.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class Reporting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "monitoring_reports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    period_kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    period_key = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    period_end = table.Column<DateOnly>(type: "date", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    progress_percent = table.Column<int>(type: "integer", nullable: false),
                    progress_step = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    requested_by = table.Column<Guid>(type: "uuid", nullable: false),
                    generated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    pdf_size_bytes = table.Column<long>(type: "bigint", nullable: true),
                    snapshot = table.Column<string>(type: "jsonb", nullable: true),
                    failure_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    submitted_by = table.Column<Guid>(type: "uuid", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_monitoring_reports", x => x.id);
                    table.CheckConstraint("ck_monitoring_reports_period", "period_start <= period_end");
                    table.CheckConstraint("ck_monitoring_reports_ready", "(status = 'Ready') = (sha256 IS NOT NULL AND generated_at IS NOT NULL AND snapshot IS NOT NULL)");
                    table.CheckConstraint("ck_monitoring_reports_submitted", "submitted_at IS NULL OR status = 'Ready'");
                    table.CheckConstraint("ck_monitoring_reports_version", "version >= 1");
                    table.ForeignKey(
                        name: "fk_monitoring_reports_alliances_alliance_id",
                        column: x => x.alliance_id,
                        principalTable: "alliances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_monitoring_reports_asp_net_users_requested_by",
                        column: x => x.requested_by,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_monitoring_reports_asp_net_users_submitted_by",
                        column: x => x.submitted_by,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_monitoring_reports_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "monitoring_report_files",
                columns: table => new
                {
                    report_id = table.Column<Guid>(type: "uuid", nullable: false),
                    pdf = table.Column<byte[]>(type: "bytea", nullable: false),
                    data_zip = table.Column<byte[]>(type: "bytea", nullable: false),
                    data_xlsx = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_monitoring_report_files", x => x.report_id);
                    table.ForeignKey(
                        name: "fk_monitoring_report_files_monitoring_reports_report_id",
                        column: x => x.report_id,
                        principalTable: "monitoring_reports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_monitoring_reports_alliance_id_submitted_at",
                table: "monitoring_reports",
                columns: new[] { "alliance_id", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_monitoring_reports_project_id_period_key_version",
                table: "monitoring_reports",
                columns: new[] { "project_id", "period_key", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_monitoring_reports_requested_by",
                table: "monitoring_reports",
                column: "requested_by");

            migrationBuilder.CreateIndex(
                name: "ix_monitoring_reports_sha256",
                table: "monitoring_reports",
                column: "sha256",
                filter: "sha256 IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_monitoring_reports_submitted_by",
                table: "monitoring_reports",
                column: "submitted_by");

            migrationBuilder.CreateIndex(
                name: "ux_monitoring_reports_in_progress",
                table: "monitoring_reports",
                columns: new[] { "project_id", "period_key" },
                unique: true,
                filter: "status IN ('Queued', 'Generating')");

            // Issued reports never change (ADR 0110): a ready report's content and its files are frozen; a
            // correction is a new version. Only the submission may still be recorded, once.
            migrationBuilder.Sql("""
                CREATE FUNCTION monitoring_reports_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        IF OLD.status = 'Ready' THEN
                            RAISE EXCEPTION 'an issued monitoring report cannot be deleted' USING ERRCODE = 'check_violation';
                        END IF;
                        RETURN OLD;
                    END IF;
                    IF OLD.status = 'Ready' AND (
                           NEW.status IS DISTINCT FROM OLD.status OR NEW.sha256 IS DISTINCT FROM OLD.sha256
                        OR NEW.snapshot::text IS DISTINCT FROM OLD.snapshot::text OR NEW.generated_at IS DISTINCT FROM OLD.generated_at
                        OR NEW.version IS DISTINCT FROM OLD.version OR NEW.period_key IS DISTINCT FROM OLD.period_key
                        OR NEW.project_id IS DISTINCT FROM OLD.project_id OR NEW.alliance_id IS DISTINCT FROM OLD.alliance_id
                        OR NEW.pdf_size_bytes IS DISTINCT FROM OLD.pdf_size_bytes
                        OR (OLD.submitted_at IS NOT NULL AND (NEW.submitted_at IS DISTINCT FROM OLD.submitted_at OR NEW.submitted_by IS DISTINCT FROM OLD.submitted_by))) THEN
                        RAISE EXCEPTION 'an issued monitoring report cannot be changed: generate a new version' USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER trg_monitoring_reports_frozen BEFORE UPDATE OR DELETE ON monitoring_reports
                    FOR EACH ROW EXECUTE FUNCTION monitoring_reports_frozen();
                CREATE FUNCTION monitoring_report_files_insert_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'monitoring report files are insert-only' USING ERRCODE = 'check_violation';
                END $$;
                CREATE TRIGGER trg_monitoring_report_files_insert_only BEFORE UPDATE OR DELETE ON monitoring_report_files
                    FOR EACH ROW EXECUTE FUNCTION monitoring_report_files_insert_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS trg_monitoring_report_files_insert_only ON monitoring_report_files;
                DROP FUNCTION IF EXISTS monitoring_report_files_insert_only();
                DROP TRIGGER IF EXISTS trg_monitoring_reports_frozen ON monitoring_reports;
                DROP FUNCTION IF EXISTS monitoring_reports_frozen();
                """);

            migrationBuilder.DropTable(
                name: "monitoring_report_files");

            migrationBuilder.DropTable(
                name: "monitoring_reports");
        }
    }
}
