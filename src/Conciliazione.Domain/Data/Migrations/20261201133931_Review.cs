using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Conciliazione.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class Review : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "flags",
                table: "applications",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<Guid>(
                name: "reviewer_id",
                table: "applications",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "reviewer_since",
                table: "applications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "document_request_id",
                table: "application_documents",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "application_checklist_ticks",
                columns: table => new
                {
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    item_key = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    done = table.Column<bool>(type: "boolean", nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    by = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_application_checklist_ticks", x => new { x.application_id, x.item_key });
                    table.ForeignKey(
                        name: "fk_application_checklist_ticks_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "application_decisions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reasons = table.Column<List<string>>(type: "text[]", nullable: false),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    decided_by = table.Column<Guid>(type: "uuid", nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    letter_document_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reopened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reopened_by = table.Column<Guid>(type: "uuid", nullable: true),
                    reopen_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_application_decisions", x => x.id);
                    table.ForeignKey(
                        name: "fk_application_decisions_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "application_document_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    requested_by = table.Column<Guid>(type: "uuid", nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    answer_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_by = table.Column<Guid>(type: "uuid", nullable: true),
                    extensions = table.Column<int>(type: "integer", nullable: false),
                    items = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_application_document_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_application_document_requests_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "application_review_notes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    author_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_application_review_notes", x => x.id);
                    table.ForeignKey(
                        name: "fk_application_review_notes_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_applications_call_id_protocol_number",
                table: "applications",
                columns: new[] { "call_id", "protocol_number" });

            migrationBuilder.CreateIndex(
                name: "ix_applications_reviewer_id",
                table: "applications",
                column: "reviewer_id");

            migrationBuilder.CreateIndex(
                name: "ux_application_decisions_current",
                table: "application_decisions",
                column: "application_id",
                unique: true,
                filter: "reopened_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_application_document_requests_status_due_at",
                table: "application_document_requests",
                columns: new[] { "status", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ux_application_document_requests_open",
                table: "application_document_requests",
                column: "application_id",
                unique: true,
                filter: "status = 'Open'");

            migrationBuilder.CreateIndex(
                name: "ix_application_review_notes_application_id",
                table: "application_review_notes",
                column: "application_id");

            migrationBuilder.AddForeignKey(
                name: "fk_applications_asp_net_users_reviewer_id",
                table: "applications",
                column: "reviewer_id",
                principalTable: "AspNetUsers",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            // The application's state machine, enforced by PostgreSQL too (Applications/README.md):
            // an UPDATE that changes status to a pair ApplicationTransitions does not list fails,
            // whichever code path sends it. A test keeps this list equal to the C# table.
            migrationBuilder.Sql("""
                CREATE FUNCTION applications_status_transition() RETURNS trigger LANGUAGE plpgsql AS $$
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
                CREATE TRIGGER applications_status_transition
                    BEFORE UPDATE OF status ON applications
                    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
                    EXECUTE FUNCTION applications_status_transition();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER applications_status_transition ON applications; DROP FUNCTION applications_status_transition();");
            migrationBuilder.DropForeignKey(
                name: "fk_applications_asp_net_users_reviewer_id",
                table: "applications");

            migrationBuilder.DropTable(
                name: "application_checklist_ticks");

            migrationBuilder.DropTable(
                name: "application_decisions");

            migrationBuilder.DropTable(
                name: "application_document_requests");

            migrationBuilder.DropTable(
                name: "application_review_notes");

            migrationBuilder.DropIndex(
                name: "ix_applications_call_id_protocol_number",
                table: "applications");

            migrationBuilder.DropIndex(
                name: "ix_applications_reviewer_id",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "flags",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "reviewer_id",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "reviewer_since",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "document_request_id",
                table: "application_documents");
        }
    }
}
