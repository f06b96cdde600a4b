using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PetitionBot.Bot.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutboxPendingIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_DeliveredUtc_NextAttemptUtc",
                table: "OutboxMessages");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_Pending",
                table: "OutboxMessages",
                columns: new[] { "NextAttemptUtc", "Id" },
                filter: "\"DeliveredUtc\" IS NULL AND \"AbandonedUtc\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_Pending",
                table: "OutboxMessages");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_DeliveredUtc_NextAttemptUtc",
                table: "OutboxMessages",
                columns: new[] { "DeliveredUtc", "NextAttemptUtc" });
        }
    }
}
