using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PetitionBot.Bot.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OfficeAtScale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Petitions_ConcernedUnit_Locality_Field",
                table: "Petitions",
                columns: new[] { "ConcernedUnit", "Locality", "Field" });

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_DueUtc",
                table: "Petitions",
                column: "DueUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_EarlierTrackingNo",
                table: "Petitions",
                column: "EarlierTrackingNo");

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_HandlingUnitId_ReceivedUtc",
                table: "Petitions",
                columns: new[] { "HandlingUnitId", "ReceivedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_PetitionerName",
                table: "Petitions",
                column: "PetitionerName");

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_Phone",
                table: "Petitions",
                column: "Phone");

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_ReceivedUtc",
                table: "Petitions",
                column: "ReceivedUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_RepeatOfPetitionId",
                table: "Petitions",
                column: "RepeatOfPetitionId");

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_Status_ReceivedUtc",
                table: "Petitions",
                columns: new[] { "Status", "ReceivedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_OfficeTimeline_ToStatus_PetitionId",
                table: "OfficeTimeline",
                columns: new[] { "ToStatus", "PetitionId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Petitions_ConcernedUnit_Locality_Field",
                table: "Petitions");

            migrationBuilder.DropIndex(
                name: "IX_Petitions_DueUtc",
                table: "Petitions");

            migrationBuilder.DropIndex(
                name: "IX_Petitions_EarlierTrackingNo",
                table: "Petitions");

            migrationBuilder.DropIndex(
                name: "IX_Petitions_HandlingUnitId_ReceivedUtc",
                table: "Petitions");

            migrationBuilder.DropIndex(
                name: "IX_Petitions_PetitionerName",
                table: "Petitions");

            migrationBuilder.DropIndex(
                name: "IX_Petitions_Phone",
                table: "Petitions");

            migrationBuilder.DropIndex(
                name: "IX_Petitions_ReceivedUtc",
                table: "Petitions");

            migrationBuilder.DropIndex(
                name: "IX_Petitions_RepeatOfPetitionId",
                table: "Petitions");

            migrationBuilder.DropIndex(
                name: "IX_Petitions_Status_ReceivedUtc",
                table: "Petitions");

            migrationBuilder.DropIndex(
                name: "IX_OfficeTimeline_ToStatus_PetitionId",
                table: "OfficeTimeline");
        }
    }
}
