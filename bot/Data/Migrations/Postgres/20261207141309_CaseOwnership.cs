using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PetitionBot.Bot.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CaseOwnership : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "RepeatGovernance",
                table: "Petitions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

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
                    AssignedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CasePlanSteps");

            migrationBuilder.DropTable(
                name: "CaseProgress");

            migrationBuilder.DropTable(
                name: "OwnedCases");

            migrationBuilder.DropColumn(
                name: "RepeatGovernance",
                table: "Petitions");
        }
    }
}
