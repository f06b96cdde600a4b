using Microsoft.AspNetCore.Mvc;
using PetitionBot.Bot.Office.Dashboard;

namespace PetitionBot.Bot.Office.Pages;

public sealed class DashboardModel(DashboardStats stats, Handoff.HandoffStats handoffs, PetitionBot.Bot.Grid.GridStats grids, Llm.LlmClient llm, Llm.LlmUsage llmUsage,
    CaseOwnership.OwnedCases cases) : OfficePageModel
{
    /// <summary>The model's calls since this instance started; null when no model is configured.</summary>
    public Llm.LlmUsageFigures? Llm => llm.Enabled ? llmUsage.Figures() : null;

    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    public DashboardData Data { get; private set; } = null!;
    public Handoff.HandoffFigures Handoffs { get; private set; } = null!;
    public IReadOnlyList<PetitionBot.Bot.Grid.GridFigures> Grids { get; private set; } = [];
    /// <summary>包保 cases without progress for 7 days that the viewer may see (a leader: their own; clerks: all).</summary>
    public IReadOnlyList<CaseOwnership.CaseRow> StaleCases { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Data = await stats.ComputeAsync(Period, Actor, ct);
        Handoffs = await handoffs.ComputeAsync(Period, ct);
        (_, Grids) = await grids.ComputeAsync(Period, Actor, ct);
        StaleCases = await cases.ListAsync(Actor, staleOnly: true, ct);
    }
}
