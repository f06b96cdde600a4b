using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PetitionBot.Bot.Data.Migrations.Sqlite
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

            migrationBuilder.AlterColumn<long>(
                name: "Id",
                table: "WeChatUserWindows",
                type: "INTEGER",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "INTEGER")
                .Annotation("Sqlite:Autoincrement", true);

            migrationBuilder.AlterColumn<string>(
                name: "Replies",
                table: "ProcessedDeliveries",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<long>(
                name: "Id",
                table: "ConversationLines",
                type: "INTEGER",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "INTEGER")
                .Annotation("Sqlite:Autoincrement", true);

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

            migrationBuilder.AlterColumn<long>(
                name: "Id",
                table: "WeChatUserWindows",
                type: "INTEGER",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "INTEGER")
                .OldAnnotation("Sqlite:Autoincrement", true);

            migrationBuilder.AlterColumn<string>(
                name: "Replies",
                table: "ProcessedDeliveries",
                type: "TEXT",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.AlterColumn<long>(
                name: "Id",
                table: "ConversationLines",
                type: "INTEGER",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "INTEGER")
                .OldAnnotation("Sqlite:Autoincrement", true);

            migrationBuilder.CreateTable(
                name: "WeChatDeliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DedupKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ReceivedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeChatDeliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WeChatDeliveryOutcomes",
                columns: table => new
                {
                    DeliveryId = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReplyText = table.Column<string>(type: "TEXT", nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
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
