using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Handoff;

namespace PetitionBot.Bot.Office.Pages.Handoffs;

/// <summary>The 转人工 inbox: open hand-offs, oldest first.</summary>
public sealed class HandoffListModel(PetitionDbContext db, TimeProvider time) : OfficePageModel
{
    public sealed record Row(HandoffCase Case);

    public IReadOnlyList<Row> Waiting { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var open = await db.Set<HandoffCase>().AsNoTracking().Where(h => h.ClosedUtc == null)
            .OrderBy(h => h.RequestedUtc).ThenBy(h => h.Id).Take(500).ToListAsync(ct);
        Waiting = open.Select(h => new Row(h)).ToList();
    }

    public string Waited(DateTime sinceUtc) => HandoffPage.Waited(time.GetUtcNow().UtcDateTime - sinceUtc);
}

internal static class HandoffPage
{
    public static string Waited(TimeSpan span) => span.TotalMinutes < 1 ? "不到 1 分钟"
        : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} 分钟"
        : span.TotalDays < 1 ? $"{(int)span.TotalHours} 小时 {span.Minutes} 分钟"
        : $"{(int)span.TotalDays} 天 {span.Hours} 小时";
}
