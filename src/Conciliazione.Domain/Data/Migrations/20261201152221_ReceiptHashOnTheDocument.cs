using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Conciliazione.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReceiptHashOnTheDocument : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The receipt's SHA-256 stays on its application_documents row; keeping a copy on the
            // application made the receipt job change the row a reviewer may be editing.
            migrationBuilder.DropColumn(
                name: "receipt_sha256",
                table: "applications");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "receipt_sha256",
                table: "applications",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
            migrationBuilder.Sql("UPDATE applications a SET receipt_sha256 = d.sha256 FROM application_documents d WHERE d.application_id = a.id AND d.requirement_key = 'ricevuta'");
        }
    }
}
