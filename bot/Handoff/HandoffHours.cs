using Microsoft.Extensions.Options;
using PetitionBot.Bot.Petitions.Clock;
using PetitionBot.Bot.Petitions;

namespace PetitionBot.Bot.Handoff;

/// <summary>Who answers a hand-off asked for now, and when: inside office hours on a rota day, or the next rota day.</summary>
public sealed class HandoffHours(IOptions<HandoffOptions> options)
{
    public sealed record Duty(HandoffAnswerer Answerer, string? Name, bool Open, DateOnly Day);

    public static string Label(HandoffAnswerer answerer) => answerer == HandoffAnswerer.DutyLawyer ? "值班律师" : "工作人员";

    /// <summary>The duty at <paramref name="nowUtc"/>; when the office is closed, the duty of the next working day.</summary>
    public Duty At(DateTime nowUtc)
    {
        var o = options.Value;
        var rota = o.EffectiveRota;
        var local = ChinaTime.ToLocal(nowUtc);
        var today = DateOnly.FromDateTime(local);
        var time = TimeOnly.FromDateTime(local);
        if (rota.FirstOrDefault(s => s.Day == today.DayOfWeek) is { } shift && time >= o.OpensAt && time < o.ClosesAt)
            return new Duty(shift.Answerer, shift.Name, true, today);

        // Before opening time the same day still counts as "next" working day.
        var day = time < o.OpensAt ? today : today.AddDays(1);
        for (var i = 0; i < 7; i++, day = day.AddDays(1))
        {
            if (rota.FirstOrDefault(s => s.Day == day.DayOfWeek) is { } next) return new Duty(next.Answerer, next.Name, false, day);
        }
        return new Duty(HandoffAnswerer.Clerk, null, false, today.AddDays(1)); // unreachable: validation requires a rota day
    }

    /// <summary>What the citizen is told when the hand-off starts.</summary>
    public string Announce(Duty duty)
    {
        var o = options.Value;
        var who = Label(duty.Answerer) + (duty.Name is { Length: > 0 } n ? " " + n.Trim() : "");
        var hours = $"办公时间 {o.Opens}–{o.Closes}";
        if (duty.Open)
            return $"已为您转接人工服务，将由{who}答复您（{hours}）。请直接在这里说明您的情况，稍后会有回复。\n回复“回到机器人”可以结束人工服务。";
        var weekday = "日一二三四五六"[(int)duty.Day.DayOfWeek];
        return $"现在不在办公时间（{hours}）。请直接在这里留言说明情况，{who}将在下一个工作日（{duty.Day.Month}月{duty.Day.Day}日 星期{weekday}）答复您。\n" +
               "回复“回到机器人”可以结束人工服务。";
    }
}
