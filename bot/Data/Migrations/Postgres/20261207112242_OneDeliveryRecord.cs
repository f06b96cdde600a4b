using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PetitionBot.Bot.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OneDeliveryRecord : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WeChatDeliveryOutcomes");

            migrationBuilder.DropTable(
                name: "WeChatDeliveries");

            migrationBuilder.DropIndex(
                name: "IX_ProcessedDeliveries_Channel_UserId_AtUtc",
                table: "ProcessedDeliveries");

            migrationBuilder.AlterColumn<string>(
                name: "Replies",
                table: "ProcessedDeliveries",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.CreateIndex(
                name: "IX_ProcessedDeliveries_AtUtc",
                table: "ProcessedDeliveries",
                column: "AtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProcessedDeliveries_AtUtc",
                table: "ProcessedDeliveries");

            migrationBuilder.AlterColumn<string>(
                name: "Replies",
                table: "ProcessedDeliveries",
                type: "text",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.CreateTable(
                name: "WeChatDeliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DedupKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ReceivedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UserId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeChatDeliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WeChatDeliveryOutcomes",
                columns: table => new
                {
                    DeliveryId = table.Column<long>(type: "bigint", nullable: false),
                    CompletedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReplyText = table.Column<string>(type: "text", nullable: true),
                    State = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
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

            migrationBuilder.CreateIndex(
                name: "IX_ProcessedDeliveries_Channel_UserId_AtUtc",
                table: "ProcessedDeliveries",
                columns: new[] { "Channel", "UserId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_WeChatDeliveries_DedupKey",
                table: "WeChatDeliveries",
                column: "DedupKey",
                unique: true);
        }
    }
}
