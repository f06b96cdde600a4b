using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PetitionBot.Bot.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FollowUpNote : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FollowUpNote",
                table: "Petitions",
                type: "TEXT",
                nullable: true);

            // Until now a 回访 note overwrote the citizen's reason: move the latest note to its own column, and drop
            // reasons that were only that note (the citizen's own words were already lost).
            migrationBuilder.Sql("""
                UPDATE "Petitions" SET "FollowUpNote" = (SELECT v."Result" FROM "OfficeFollowUps" v
                    WHERE v."PetitionId" = "Petitions"."Id" ORDER BY v."AtUtc" DESC, v."Id" DESC LIMIT 1);
                UPDATE "Petitions" SET "RatingReason" = NULL WHERE "RatingReason" = "FollowUpNote";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FollowUpNote",
                table: "Petitions");
        }
    }
}
