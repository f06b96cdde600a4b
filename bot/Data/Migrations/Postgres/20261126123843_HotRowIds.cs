using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PetitionBot.Bot.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class HotRowIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WeChatDeliveries_ReceivedUtc",
                table: "WeChatDeliveries");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_WeChatDeliveries_ReceivedUtc",
                table: "WeChatDeliveries",
                column: "ReceivedUtc");
        }
    }
}
