using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PetitionBot.Bot.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BotConversationReferences",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ChannelId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ServiceUrl = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    ConversationId = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    BotId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    BotName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BotConversationReferences", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Conversations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    State = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Conversations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DirectLineConversations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WelcomedUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectLineConversations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DirectLineSigningKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectLineSigningKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OfficeAudit",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Before = table.Column<string>(type: "TEXT", nullable: true),
                    After = table.Column<string>(type: "TEXT", nullable: true),
                    RemoteIp = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OfficeAudit", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OfficeDeadlineAlerts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PetitionId = table.Column<long>(type: "INTEGER", nullable: false),
                    TrackingNo = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DeadlineKind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Overdue = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AcknowledgedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OfficeDeadlineAlerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OfficeDeadlines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PetitionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    IsObligation = table.Column<bool>(type: "INTEGER", nullable: false),
                    OpenedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedNote = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OfficeDeadlines", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OfficeEscalations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PetitionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    AssignedTo = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TriggerRatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ResolvedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ResolvedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Resolution = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OfficeEscalations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OfficeFollowUps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PetitionId = table.Column<long>(type: "INTEGER", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    VisitedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Result = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Rating = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OfficeFollowUps", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OfficeOpinions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PetitionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    LegalBasis = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DraftedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DraftedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ReviewedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ReviewedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReviewComment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RepliedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    IssuingUnit = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OfficeOpinions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OfficeTimeline",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PetitionId = table.Column<long>(type: "INTEGER", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FromStatus = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ToStatus = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    UnitName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OfficeTimeline", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OfficeUnits",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    HeadName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    IsPoliticalLegal = table.Column<bool>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OfficeUnits", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OfficeUsers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    UnitId = table.Column<long>(type: "INTEGER", nullable: true),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    FailedLogins = table.Column<int>(type: "INTEGER", nullable: false),
                    LockedUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SecurityStamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OfficeUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OutboxMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Channel = table.Column<string>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    TrackingNo = table.Column<string>(type: "TEXT", nullable: true),
                    DedupKey = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NextAttemptUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeliveredUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AbandonedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", nullable: true),
                    LockedUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Petitions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TrackingNo = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    PetitionerName = table.Column<string>(type: "TEXT", nullable: false),
                    IdNumberProtected = table.Column<string>(type: "TEXT", nullable: false),
                    IdNumberHash = table.Column<string>(type: "TEXT", nullable: false),
                    IdNumberMasked = table.Column<string>(type: "TEXT", nullable: false),
                    Phone = table.Column<string>(type: "TEXT", nullable: false),
                    Address = table.Column<string>(type: "TEXT", nullable: false),
                    Locality = table.Column<string>(type: "TEXT", nullable: false),
                    ConcernedUnit = table.Column<string>(type: "TEXT", nullable: true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Field = table.Column<string>(type: "TEXT", nullable: false),
                    Request = table.Column<string>(type: "TEXT", nullable: false),
                    FactsAndReasons = table.Column<string>(type: "TEXT", nullable: false),
                    RaisedBefore = table.Column<bool>(type: "INTEGER", nullable: false),
                    EarlierTrackingNo = table.Column<string>(type: "TEXT", nullable: true),
                    PeopleCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Representatives = table.Column<string>(type: "TEXT", nullable: true),
                    LitigationRelated = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsRepeat = table.Column<bool>(type: "INTEGER", nullable: false),
                    RepeatOfPetitionId = table.Column<long>(type: "INTEGER", nullable: true),
                    SuggestedRoutes = table.Column<string>(type: "TEXT", nullable: true),
                    Channel = table.Column<string>(type: "TEXT", nullable: false),
                    ChannelUserId = table.Column<string>(type: "TEXT", nullable: false),
                    SubmissionKey = table.Column<string>(type: "TEXT", nullable: false),
                    SourceUnitCode = table.Column<string>(type: "TEXT", nullable: true),
                    ReceivedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AcceptedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DueUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RepliedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ConcludedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RecheckedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    HandlingUnitId = table.Column<long>(type: "INTEGER", nullable: true),
                    CurrentUnitName = table.Column<string>(type: "TEXT", nullable: true),
                    AssignedClerk = table.Column<string>(type: "TEXT", nullable: true),
                    Rating = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    RatingReason = table.Column<string>(type: "TEXT", nullable: true),
                    RatedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Petitions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProcessedDeliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DeliveryId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Replies = table.Column<string>(type: "TEXT", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProcessedDeliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TrackingSequences",
                columns: table => new
                {
                    Day = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Last = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrackingSequences", x => x.Day);
                });

            migrationBuilder.CreateTable(
                name: "WeChatAccessTokens",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Token = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    ExpiresUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RefreshedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeChatAccessTokens", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "WeChatDeliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DedupKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ReplyText = table.Column<string>(type: "TEXT", nullable: true),
                    ReceivedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeChatDeliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WeChatSceneCodes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SceneKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Ticket = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeChatSceneCodes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WeChatUserWindows",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    LastInboundUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SentSinceInbound = table.Column<int>(type: "INTEGER", nullable: false),
                    FullText = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeChatUserWindows", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DirectLineActivities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConversationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ClientActivityId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectLineActivities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DirectLineActivities_DirectLineConversations_ConversationId",
                        column: x => x.ConversationId,
                        principalTable: "DirectLineConversations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PetitionPhoto",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PetitionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Url = table.Column<string>(type: "TEXT", nullable: true),
                    MediaId = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PetitionPhoto", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PetitionPhoto_Petitions_PetitionId",
                        column: x => x.PetitionId,
                        principalTable: "Petitions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TranscriptLine",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PetitionId = table.Column<long>(type: "INTEGER", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Speaker = table.Column<string>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TranscriptLine", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TranscriptLine_Petitions_PetitionId",
                        column: x => x.PetitionId,
                        principalTable: "Petitions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BotConversationReferences_UserId",
                table: "BotConversationReferences",
                column: "UserId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_Channel_UserId",
                table: "Conversations",
                columns: new[] { "Channel", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DirectLineActivities_ConversationId_ClientActivityId",
                table: "DirectLineActivities",
                columns: new[] { "ConversationId", "ClientActivityId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DirectLineActivities_ConversationId_Id",
                table: "DirectLineActivities",
                columns: new[] { "ConversationId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_DirectLineConversations_UserId_CreatedUtc",
                table: "DirectLineConversations",
                columns: new[] { "UserId", "CreatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_OfficeAudit_AtUtc",
                table: "OfficeAudit",
                column: "AtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_OfficeAudit_Subject",
                table: "OfficeAudit",
                column: "Subject");

            migrationBuilder.CreateIndex(
                name: "IX_OfficeDeadlineAlerts_AcknowledgedUtc",
                table: "OfficeDeadlineAlerts",
                column: "AcknowledgedUtc");

            migrationBuilder.CreateIndex(
                name: "IX_OfficeDeadlineAlerts_PetitionId_Kind_DueDate",
                table: "OfficeDeadlineAlerts",
                columns: new[] { "PetitionId", "Kind", "DueDate" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OfficeDeadlines_ClosedUtc_DueDate",
                table: "OfficeDeadlines",
                columns: new[] { "ClosedUtc", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_OfficeDeadlines_PetitionId_ClosedUtc",
                table: "OfficeDeadlines",
                columns: new[] { "PetitionId", "ClosedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_OfficeEscalations_PetitionId_Level",
                table: "OfficeEscalations",
                columns: new[] { "PetitionId", "Level" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OfficeFollowUps_PetitionId",
                table: "OfficeFollowUps",
                column: "PetitionId");

            migrationBuilder.CreateIndex(
                name: "IX_OfficeOpinions_PetitionId",
                table: "OfficeOpinions",
                column: "PetitionId");

            migrationBuilder.CreateIndex(
                name: "IX_OfficeTimeline_PetitionId_AtUtc",
                table: "OfficeTimeline",
                columns: new[] { "PetitionId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_OfficeUnits_Code",
                table: "OfficeUnits",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OfficeUnits_Name",
                table: "OfficeUnits",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OfficeUsers_UserName",
                table: "OfficeUsers",
                column: "UserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_DedupKey",
                table: "OutboxMessages",
                column: "DedupKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_DeliveredUtc_NextAttemptUtc",
                table: "OutboxMessages",
                columns: new[] { "DeliveredUtc", "NextAttemptUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PetitionPhoto_PetitionId",
                table: "PetitionPhoto",
                column: "PetitionId");

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_IdNumberHash",
                table: "Petitions",
                column: "IdNumberHash");

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_SubmissionKey",
                table: "Petitions",
                column: "SubmissionKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_TrackingNo",
                table: "Petitions",
                column: "TrackingNo",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProcessedDeliveries_Channel_DeliveryId",
                table: "ProcessedDeliveries",
                columns: new[] { "Channel", "DeliveryId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProcessedDeliveries_Channel_UserId_AtUtc",
                table: "ProcessedDeliveries",
                columns: new[] { "Channel", "UserId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_TranscriptLine_PetitionId",
                table: "TranscriptLine",
                column: "PetitionId");

            migrationBuilder.CreateIndex(
                name: "IX_WeChatDeliveries_DedupKey",
                table: "WeChatDeliveries",
                column: "DedupKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WeChatDeliveries_ReceivedUtc",
                table: "WeChatDeliveries",
                column: "ReceivedUtc");

            migrationBuilder.CreateIndex(
                name: "IX_WeChatSceneCodes_SceneKey",
                table: "WeChatSceneCodes",
                column: "SceneKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WeChatUserWindows_Channel_UserId",
                table: "WeChatUserWindows",
                columns: new[] { "Channel", "UserId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BotConversationReferences");

            migrationBuilder.DropTable(
                name: "Conversations");

            migrationBuilder.DropTable(
                name: "DirectLineActivities");

            migrationBuilder.DropTable(
                name: "DirectLineSigningKeys");

            migrationBuilder.DropTable(
                name: "OfficeAudit");

            migrationBuilder.DropTable(
                name: "OfficeDeadlineAlerts");

            migrationBuilder.DropTable(
                name: "OfficeDeadlines");

            migrationBuilder.DropTable(
                name: "OfficeEscalations");

            migrationBuilder.DropTable(
                name: "OfficeFollowUps");

            migrationBuilder.DropTable(
                name: "OfficeOpinions");

            migrationBuilder.DropTable(
                name: "OfficeTimeline");

            migrationBuilder.DropTable(
                name: "OfficeUnits");

            migrationBuilder.DropTable(
                name: "OfficeUsers");

            migrationBuilder.DropTable(
                name: "OutboxMessages");

            migrationBuilder.DropTable(
                name: "PetitionPhoto");

            migrationBuilder.DropTable(
                name: "ProcessedDeliveries");

            migrationBuilder.DropTable(
                name: "TrackingSequences");

            migrationBuilder.DropTable(
                name: "TranscriptLine");

            migrationBuilder.DropTable(
                name: "WeChatAccessTokens");

            migrationBuilder.DropTable(
                name: "WeChatDeliveries");

            migrationBuilder.DropTable(
                name: "WeChatSceneCodes");

            migrationBuilder.DropTable(
                name: "WeChatUserWindows");

            migrationBuilder.DropTable(
                name: "DirectLineConversations");

            migrationBuilder.DropTable(
                name: "Petitions");
        }
    }
}
