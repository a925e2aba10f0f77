using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Conciliazione.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class FamilySignInAndApplications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "applications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    call_version_id = table.Column<Guid>(type: "uuid", nullable: true),
                    family_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    protocol_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    submission_key = table.Column<Guid>(type: "uuid", nullable: true),
                    receipt_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    applicant = table.Column<string>(type: "jsonb", nullable: false),
                    declarations = table.Column<string>(type: "jsonb", nullable: false),
                    employment = table.Column<string>(type: "jsonb", nullable: false),
                    household = table.Column<string>(type: "jsonb", nullable: false),
                    isee = table.Column<string>(type: "jsonb", nullable: false),
                    service = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_applications", x => x.id);
                    table.ForeignKey(
                        name: "fk_applications_alliances_alliance_id",
                        column: x => x.alliance_id,
                        principalTable: "alliances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_applications_asp_net_users_family_user_id",
                        column: x => x.family_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "family_profiles",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    given_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    family_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: true),
                    identity_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    identity_updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    contact_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    contact_email_verified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    phone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_family_profiles", x => x.user_id);
                    table.ForeignKey(
                        name: "fk_family_profiles_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "protocol_counters",
                columns: table => new
                {
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    last_number = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_protocol_counters", x => new { x.alliance_id, x.year });
                    table.CheckConstraint("ck_protocol_counters_positive", "last_number > 0");
                    table.ForeignKey(
                        name: "fk_protocol_counters_alliances_alliance_id",
                        column: x => x.alliance_id,
                        principalTable: "alliances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "application_child_claims",
                columns: table => new
                {
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    child_fiscal_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_application_child_claims", x => new { x.call_id, x.child_fiscal_code });
                    table.ForeignKey(
                        name: "fk_application_child_claims_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "application_documents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    requirement_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    file_name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_application_documents", x => x.id);
                    table.CheckConstraint("ck_application_documents_size", "size_bytes > 0 AND size_bytes <= 10485760");
                    table.ForeignKey(
                        name: "fk_application_documents_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "application_status_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    to = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_application_status_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_application_status_changes_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "application_document_contents",
                columns: table => new
                {
                    document_id = table.Column<Guid>(type: "uuid", nullable: false),
                    bytes = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_application_document_contents", x => x.document_id);
                    table.ForeignKey(
                        name: "fk_application_document_contents_application_documents_documen",
                        column: x => x.document_id,
                        principalTable: "application_documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_application_child_claims_application_id",
                table: "application_child_claims",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "ix_application_documents_application_id",
                table: "application_documents",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "ix_application_status_changes_application_id",
                table: "application_status_changes",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "ix_applications_alliance_id_protocol_number",
                table: "applications",
                columns: new[] { "alliance_id", "protocol_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_applications_call_id_status",
                table: "applications",
                columns: new[] { "call_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_applications_family_user_id_call_id",
                table: "applications",
                columns: new[] { "family_user_id", "call_id" });

            migrationBuilder.CreateIndex(
                name: "ix_applications_submission_key",
                table: "applications",
                column: "submission_key",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "application_child_claims");

            migrationBuilder.DropTable(
                name: "application_document_contents");

            migrationBuilder.DropTable(
                name: "application_status_changes");

            migrationBuilder.DropTable(
                name: "family_profiles");

            migrationBuilder.DropTable(
                name: "protocol_counters");

            migrationBuilder.DropTable(
                name: "application_documents");

            migrationBuilder.DropTable(
                name: "applications");
        }
    }
}
