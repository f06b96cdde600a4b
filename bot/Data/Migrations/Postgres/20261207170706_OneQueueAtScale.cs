using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PetitionBot.Bot.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OneQueueAtScale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BookingNo",
                table: "Petitions",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "HasLaterRepeat",
                table: "Petitions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ReceivedBy",
                table: "Petitions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReceivedByName",
                table: "Petitions",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "RepeatGovernance",
                table: "Petitions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "ReviewSought",
                table: "Petitions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "Petitions",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "Online"); // petitions before this migration all came through the chat channels (网上)

            // The rows already there get the facts intake and the workflow keep from now on, as the dashboard used to
            // compute them: a later petition points back by link or by tracking number; 复查/复核 asked for or given.
            migrationBuilder.Sql("""
                UPDATE "Petitions" SET "HasLaterRepeat" = TRUE
                WHERE "Id" IN (SELECT "RepeatOfPetitionId" FROM "Petitions" WHERE "RepeatOfPetitionId" IS NOT NULL)
                   OR "TrackingNo" IN (SELECT "EarlierTrackingNo" FROM "Petitions" WHERE "EarlierTrackingNo" IS NOT NULL);
                """);
            migrationBuilder.Sql("""
                UPDATE "Petitions" SET "ReviewSought" = TRUE
                WHERE "Id" IN (SELECT "PetitionId" FROM "OfficeOpinions" WHERE "Stage" <> 'Handling')
                   OR "Id" IN (SELECT "PetitionId" FROM "OfficeTimeline" WHERE "ToStatus" IN ('UnderReview', 'UnderRecheck'));
                """);

            migrationBuilder.CreateTable(
                name: "OwnedCases",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PetitionId = table.Column<long>(type: "bigint", nullable: false),
                    OwnerUserId = table.Column<long>(type: "bigint", nullable: false),
                    AssignedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AssignedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    AssignedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ClosedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ClosingNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OwnedCases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OwnedCases_OfficeUsers_OwnerUserId",
                        column: x => x.OwnerUserId,
                        principalTable: "OfficeUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_OwnedCases_Petitions_PetitionId",
                        column: x => x.PetitionId,
                        principalTable: "Petitions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PetitionAttachments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PetitionId = table.Column<long>(type: "bigint", nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Length = table.Column<long>(type: "bigint", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    UploadedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UploadedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PetitionAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PetitionAttachments_Petitions_PetitionId",
                        column: x => x.PetitionId,
                        principalTable: "Petitions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReceptionPlaces",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Hours = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReceptionPlaces", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CasePlanSteps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OwnedCaseId = table.Column<long>(type: "bigint", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    TargetDate = table.Column<DateOnly>(type: "date", nullable: false),
                    DoneUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DoneBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CasePlanSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CasePlanSteps_OwnedCases_OwnedCaseId",
                        column: x => x.OwnedCaseId,
                        principalTable: "OwnedCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseProgress",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OwnedCaseId = table.Column<long>(type: "bigint", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    RecordedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseProgress", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseProgress_OwnedCases_OwnedCaseId",
                        column: x => x.OwnedCaseId,
                        principalTable: "OwnedCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReceptionDays",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PlaceId = table.Column<long>(type: "bigint", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Time = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    Leader = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Topics = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Capacity = table.Column<int>(type: "integer", nullable: false),
                    FreeSlots = table.Column<int>(type: "integer", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReceptionDays", x => x.Id);
                    table.CheckConstraint("CK_ReceptionDays_FreeSlots", "\"FreeSlots\" >= 0");
                    table.ForeignKey(
                        name: "FK_ReceptionDays_ReceptionPlaces_PlaceId",
                        column: x => x.PlaceId,
                        principalTable: "ReceptionPlaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "VisitBookings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    BookingNo = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DayId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    PhoneProtected = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PhoneMasked = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    PhoneLastFour = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Matter = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    UserId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RequestKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ChangedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PetitionTrackingNo = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitBookings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VisitBookings_ReceptionDays_DayId",
                        column: x => x.DayId,
                        principalTable: "ReceptionDays",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

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
                name: "IX_Petitions_Field_ReceivedUtc",
                table: "Petitions",
                columns: new[] { "Field", "ReceivedUtc" },
                filter: "\"Rating\" = 'Dissatisfied'");

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
                column: "ReceivedUtc")
                .Annotation("Npgsql:IndexInclude", new[] { "Field", "Status", "IsRepeat", "RaisedBefore", "RepliedUtc", "Rating", "HasLaterRepeat", "ReviewSought", "CurrentUnitName", "Source" });

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_RepeatOfPetitionId",
                table: "Petitions",
                column: "RepeatOfPetitionId");

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_Source",
                table: "Petitions",
                column: "Source");

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_Status_ReceivedUtc",
                table: "Petitions",
                columns: new[] { "Status", "ReceivedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_OfficeTimeline_ToStatus_PetitionId",
                table: "OfficeTimeline",
                columns: new[] { "ToStatus", "PetitionId" });

            migrationBuilder.CreateIndex(
                name: "IX_CasePlanSteps_OwnedCaseId",
                table: "CasePlanSteps",
                column: "OwnedCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseProgress_OwnedCaseId_Date",
                table: "CaseProgress",
                columns: new[] { "OwnedCaseId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_OwnedCases_OwnerUserId",
                table: "OwnedCases",
                column: "OwnerUserId");

            migrationBuilder.CreateIndex(
                name: "IX_OwnedCases_PetitionId",
                table: "OwnedCases",
                column: "PetitionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PetitionAttachments_PetitionId",
                table: "PetitionAttachments",
                column: "PetitionId");

            migrationBuilder.CreateIndex(
                name: "IX_ReceptionDays_Date",
                table: "ReceptionDays",
                column: "Date");

            migrationBuilder.CreateIndex(
                name: "IX_ReceptionDays_PlaceId",
                table: "ReceptionDays",
                column: "PlaceId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitBookings_BookingNo",
                table: "VisitBookings",
                column: "BookingNo",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VisitBookings_DayId_Status",
                table: "VisitBookings",
                columns: new[] { "DayId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_VisitBookings_RequestKey",
                table: "VisitBookings",
                column: "RequestKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CasePlanSteps");

            migrationBuilder.DropTable(
                name: "CaseProgress");

            migrationBuilder.DropTable(
                name: "PetitionAttachments");

            migrationBuilder.DropTable(
                name: "VisitBookings");

            migrationBuilder.DropTable(
                name: "OwnedCases");

            migrationBuilder.DropTable(
                name: "ReceptionDays");

            migrationBuilder.DropTable(
                name: "ReceptionPlaces");

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
                name: "IX_Petitions_Field_ReceivedUtc",
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
                name: "IX_Petitions_Source",
                table: "Petitions");

            migrationBuilder.DropIndex(
                name: "IX_Petitions_Status_ReceivedUtc",
                table: "Petitions");

            migrationBuilder.DropIndex(
                name: "IX_OfficeTimeline_ToStatus_PetitionId",
                table: "OfficeTimeline");

            migrationBuilder.DropColumn(
                name: "BookingNo",
                table: "Petitions");

            migrationBuilder.DropColumn(
                name: "HasLaterRepeat",
                table: "Petitions");

            migrationBuilder.DropColumn(
                name: "ReceivedBy",
                table: "Petitions");

            migrationBuilder.DropColumn(
                name: "ReceivedByName",
                table: "Petitions");

            migrationBuilder.DropColumn(
                name: "RepeatGovernance",
                table: "Petitions");

            migrationBuilder.DropColumn(
                name: "ReviewSought",
                table: "Petitions");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "Petitions");
        }
    }
}
