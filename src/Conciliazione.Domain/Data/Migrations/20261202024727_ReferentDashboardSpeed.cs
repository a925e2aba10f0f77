using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Conciliazione.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReferentDashboardSpeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "referent_application_cells",
                columns: table => new
                {
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    applications = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referent_application_cells", x => new { x.alliance_id, x.municipality_id, x.call_id, x.status, x.month });
                });

            migrationBuilder.CreateTable(
                name: "referent_grant_cells",
                columns: table => new
                {
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    grants = table.Column<int>(type: "integer", nullable: false),
                    granted = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    paid_vouchers = table.Column<int>(type: "integer", nullable: false),
                    paid = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referent_grant_cells", x => new { x.alliance_id, x.municipality_id, x.call_id, x.month });
                });

            migrationBuilder.CreateTable(
                name: "referent_summary_refreshes",
                columns: table => new
                {
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    refreshed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referent_summary_refreshes", x => x.alliance_id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "referent_application_cells");

            migrationBuilder.DropTable(
                name: "referent_grant_cells");

            migrationBuilder.DropTable(
                name: "referent_summary_refreshes");
        }
    }
}
