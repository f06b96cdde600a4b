using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PetitionBot.Bot.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Handoffs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Handoffs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    UserId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Answerer = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    RequestedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OutsideHours = table.Column<bool>(type: "boolean", nullable: false),
                    TakenUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    TakenByUserId = table.Column<long>(type: "bigint", nullable: true),
                    TakenByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    FirstReplyUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    PetitionTrackingNo = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    LastText = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Handoffs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HandoffMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    HandoffId = table.Column<long>(type: "bigint", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    From = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    SenderName = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    SenderUserId = table.Column<long>(type: "bigint", nullable: true),
                    Text = table.Column<string>(type: "text", nullable: false),
                    DeliveryId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HandoffMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HandoffMessages_Handoffs_HandoffId",
                        column: x => x.HandoffId,
                        principalTable: "Handoffs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HandoffMessages_HandoffId_DeliveryId",
                table: "HandoffMessages",
                columns: new[] { "HandoffId", "DeliveryId" },
                unique: true,
                filter: "\"DeliveryId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_HandoffMessages_HandoffId_Id",
                table: "HandoffMessages",
                columns: new[] { "HandoffId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_HandoffMessages_SenderUserId",
                table: "HandoffMessages",
                column: "SenderUserId");

            migrationBuilder.CreateIndex(
                name: "IX_Handoffs_Channel_UserId",
                table: "Handoffs",
                columns: new[] { "Channel", "UserId" },
                unique: true,
                filter: "\"ClosedUtc\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Handoffs_PetitionTrackingNo",
                table: "Handoffs",
                column: "PetitionTrackingNo");

            migrationBuilder.CreateIndex(
                name: "IX_Handoffs_RequestedUtc",
                table: "Handoffs",
                column: "RequestedUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HandoffMessages");

            migrationBuilder.DropTable(
                name: "Handoffs");
        }
    }
}
