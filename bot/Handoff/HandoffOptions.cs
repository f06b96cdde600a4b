using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace PetitionBot.Bot.Handoff;

/// <summary>Bound from "Handoff": office hours (Beijing time) and the duty rota of who answers hand-offs on which day.</summary>
public sealed class HandoffOptions
{
    public const string Section = "Handoff";

    /// <summary>When a person starts answering, Beijing time ("08:30").</summary>
    public string Opens { get; set; } = "08:30";

    /// <summary>When the office stops answering, Beijing time ("17:30").</summary>
    public string Closes { get; set; } = "17:30";

    /// <summary>
    /// Who answers on each working day. Days not listed are not working days (leave a message, reply next working day).
    /// Empty: Monday to Friday, answered by 工作人员.
    /// </summary>
    public List<DutyShift> Rota { get; set; } = [];

    public TimeOnly OpensAt => TimeOnly.ParseExact(Opens, "HH:mm", CultureInfo.InvariantCulture);
    public TimeOnly ClosesAt => TimeOnly.ParseExact(Closes, "HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The rota as given, or the default one.</summary>
    public IReadOnlyList<DutyShift> EffectiveRota => Rota.Count > 0 ? Rota
        : [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new DutyShift { Day = d, Answerer = HandoffAnswerer.Clerk })];

    /// <summary>Every problem with the settings, in words an operator can act on; empty when all is well.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var opensOk = TimeOnly.TryParseExact(Opens, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var opens);
        var closesOk = TimeOnly.TryParseExact(Closes, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var closes);
        if (!opensOk) problems.Add($"Handoff:Opens must be a Beijing time as HH:mm (e.g. 08:30), not '{Opens}'.");
        if (!closesOk) problems.Add($"Handoff:Closes must be a Beijing time as HH:mm (e.g. 17:30), not '{Closes}'.");
        if (opensOk && closesOk && closes <= opens) problems.Add($"Handoff:Closes ({Closes}) must be later than Handoff:Opens ({Opens}).");
        for (var i = 0; i < Rota.Count; i++)
        {
            var shift = Rota[i];
            if (!Enum.IsDefined(shift.Day)) problems.Add($"Handoff:Rota:{i}:Day must be a day name (Monday … Sunday).");
            if (Rota.Take(i).Any(s => s.Day == shift.Day)) problems.Add($"Handoff:Rota:{i}:Day: {shift.Day} is listed twice; give each day once.");
            if (shift.Name is { } name && (name.Trim().Length is 0 or > 20 || name.Contains('：') || name.Contains(':')))
                problems.Add($"Handoff:Rota:{i}:Name must be 1–20 characters without a colon (it is shown to citizens), or left out.");
        }
        return problems;
    }
}

/// <summary>One day of the duty rota.</summary>
public sealed class DutyShift
{
    [Required]
    public DayOfWeek Day { get; set; }
    /// <summary>DutyLawyer (值班律师) or Clerk (工作人员).</summary>
    public HandoffAnswerer Answerer { get; set; } = HandoffAnswerer.Clerk;
    /// <summary>Optional name shown to the citizen, e.g. 张律师.</summary>
    public string? Name { get; set; }
}
