using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PetitionBot.Bot.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DashboardFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "HasLaterRepeat",
                table: "Petitions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "ReviewSought",
                table: "Petitions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // The rows already there get the facts intake and the workflow keep from now on, as the dashboard used to
            // compute them: a later petition points back by link or by tracking number; 复查/复核 asked for or given.
            migrationBuilder.Sql("""
                UPDATE "Petitions" SET "HasLaterRepeat" = 1
                WHERE "Id" IN (SELECT "RepeatOfPetitionId" FROM "Petitions" WHERE "RepeatOfPetitionId" IS NOT NULL)
                   OR "TrackingNo" IN (SELECT "EarlierTrackingNo" FROM "Petitions" WHERE "EarlierTrackingNo" IS NOT NULL);
                """);
            migrationBuilder.Sql("""
                UPDATE "Petitions" SET "ReviewSought" = 1
                WHERE "Id" IN (SELECT "PetitionId" FROM "OfficeOpinions" WHERE "Stage" <> 'Handling')
                   OR "Id" IN (SELECT "PetitionId" FROM "OfficeTimeline" WHERE "ToStatus" IN ('UnderReview', 'UnderRecheck'));
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_Field_ReceivedUtc",
                table: "Petitions",
                columns: new[] { "Field", "ReceivedUtc" },
                filter: "\"Rating\" = 'Dissatisfied'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Petitions_Field_ReceivedUtc",
                table: "Petitions");

            migrationBuilder.DropColumn(
                name: "HasLaterRepeat",
                table: "Petitions");

            migrationBuilder.DropColumn(
                name: "ReviewSought",
                table: "Petitions");
        }
    }
}
