using PetitionBot.Bot.CaseOwnership;

namespace PetitionBot.Bot.Office.Pages.Cases;

/// <summary>包保案件: a leader's own cases, or every case for clerks with the repeat petitions still without an owner.</summary>
public sealed class CaseListModel(OwnedCases cases) : OfficePageModel
{
    public IReadOnlyList<CaseRow> Cases { get; private set; } = [];
    public IReadOnlyList<AwaitingOwner> Awaiting { get; private set; } = [];
    public bool MayManage => OwnedCases.MayManage(Actor);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Cases = await cases.ListAsync(Actor, staleOnly: false, ct);
        Awaiting = await cases.AwaitingOwnerAsync(Actor, ct);
    }
}
