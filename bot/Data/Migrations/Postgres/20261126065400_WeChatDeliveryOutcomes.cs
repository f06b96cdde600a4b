using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PetitionBot.Bot.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WeChatDeliveryOutcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "WeChatDeliveryOutcomes",
                columns: table => new
                {
                    DeliveryId = table.Column<long>(type: "bigint", nullable: false),
                    State = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ReplyText = table.Column<string>(type: "text", nullable: true),
                    CompletedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeChatDeliveryOutcomes", x => x.DeliveryId);
                    table.ForeignKey(
                        name: "FK_WeChatDeliveryOutcomes_WeChatDeliveries_DeliveryId",
                        column: x => x.DeliveryId,
                        principalTable: "WeChatDeliveries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Outcomes recorded before the upgrade move over, so a retry arriving meanwhile still gets its reply.
            migrationBuilder.Sql(
                """INSERT INTO "WeChatDeliveryOutcomes" ("DeliveryId", "State", "ReplyText", "CompletedUtc") SELECT "Id", "State", "ReplyText", "CompletedUtc" FROM "WeChatDeliveries" WHERE "State" <> 'Processing' AND "CompletedUtc" IS NOT NULL""");

            migrationBuilder.DropColumn(
                name: "CompletedUtc",
                table: "WeChatDeliveries");

            migrationBuilder.DropColumn(
                name: "ReplyText",
                table: "WeChatDeliveries");

            migrationBuilder.DropColumn(
                name: "State",
                table: "WeChatDeliveries");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WeChatDeliveryOutcomes");

            migrationBuilder.AddColumn<DateTime>(
                name: "CompletedUtc",
                table: "WeChatDeliveries",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReplyText",
                table: "WeChatDeliveries",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "State",
                table: "WeChatDeliveries",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "");
        }
    }
}
