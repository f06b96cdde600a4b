using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PetitionBot.Bot.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaseClosing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClosedBy",
                table: "OwnedCases",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ClosedOn",
                table: "OwnedCases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosingNote",
                table: "OwnedCases",
                type: "TEXT",
                maxLength: 500,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClosedBy",
                table: "OwnedCases");

            migrationBuilder.DropColumn(
                name: "ClosedOn",
                table: "OwnedCases");

            migrationBuilder.DropColumn(
                name: "ClosingNote",
                table: "OwnedCases");
        }
    }
}
