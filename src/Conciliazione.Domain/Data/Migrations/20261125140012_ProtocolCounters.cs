using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Conciliazione.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProtocolCounters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "protocol_counters");
        }
    }
}
