using PetitionBot.Bot.Grid;

namespace PetitionBot.Bot.Office.Pages.Grid;

/// <summary>The grid worker's ledger: due follow-ups first, on a phone-sized page.</summary>
public sealed class IndexModel(DisputeLedger ledger) : OfficePageModel
{
    public IReadOnlyList<DisputeRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await ledger.ListAsync(Actor, ct);
}
