using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PetitionBot.Bot.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReceptionBookings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReceptionPlaces",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Hours = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReceptionPlaces", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReceptionDays",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlaceId = table.Column<long>(type: "INTEGER", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Time = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    Leader = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Topics = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    FreeSlots = table.Column<int>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BookingNo = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DayId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    PhoneProtected = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PhoneMasked = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    PhoneLastFour = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    Matter = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RequestKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ChangedUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
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
                name: "VisitBookings");

            migrationBuilder.DropTable(
                name: "ReceptionDays");

            migrationBuilder.DropTable(
                name: "ReceptionPlaces");
        }
    }
}
