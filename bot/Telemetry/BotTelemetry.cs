using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PetitionBot.Bot.Telemetry;

/// <summary>
/// The bot's own meter and activity source. Tags are small fixed sets (channel, kind, source, reason): never a user id,
/// a tracking number, a name, a phone or an ID number, so a metrics store or trace collector holds no personal data.
/// </summary>
public sealed class BotTelemetry
{
    public const string Name = "PetitionBot";

    /// <summary>Spans for the bot's own steps (a conversation turn, a registration); static like every ActivitySource.</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _answers;
    private readonly Counter<long> _filings;
    private readonly Counter<long> _handoffs;
    private readonly Counter<long> _passiveMisses;

    public BotTelemetry(IMeterFactory meters, Notifications.OutboxBacklog backlog)
    {
        var meter = meters.Create(Name);
        _answers = meter.CreateCounter<long>("petitionbot.answers", "{answer}",
            "Answers to free-text questions, by kind (answer, routes, referral, clarify, abstained) and source (extractive, llm).");
        _filings = meter.CreateCounter<long>("petitionbot.petitions.filed", "{petition}",
            "Petitions registered (a repeated confirmation of the same form is not counted again).");
        _handoffs = meter.CreateCounter<long>("petitionbot.handoffs.requested", "{handoff}",
            "Hand-offs to a person (转人工) opened, by channel, reason and whether outside office hours.");
        _passiveMisses = meter.CreateCounter<long>("petitionbot.wechat.passive_reply_misses", "{message}",
            "WeChat/WeCom messages whose answer missed the passive-reply deadline and went through the outbox.");
        meter.CreateObservableGauge("petitionbot.outbox.backlog", backlog.Read, "{message}",
            "Outbox messages neither delivered nor abandoned (read from the database at most every 15 seconds).");
    }

    public void Answered(string channel, string kind, string source) =>
        _answers.Add(1, new("channel", channel), new("kind", kind), new("source", source));

    public void Filed(string channel, bool litigationRelated) =>
        _filings.Add(1, new("channel", channel), new("litigation_related", litigationRelated));

    public void HandoffRequested(string channel, string reason, bool outsideHours) =>
        _handoffs.Add(1, new("channel", channel), new("reason", reason), new("outside_hours", outsideHours));

    public void PassiveReplyMissed(string channel) => _passiveMisses.Add(1, new KeyValuePair<string, object?>("channel", channel));
}

/// <summary>The values of the "kind" tag of petitionbot.answers.</summary>
public static class AnswerKinds
{
    public const string Answer = "answer";
    public const string Routes = "routes";
    public const string Referral = "referral";
    /// <summary>No answer yet: a dispute told without enough to triage, so the bot asks a question.</summary>
    public const string Clarify = "clarify";
    public const string Abstained = "abstained";
}
