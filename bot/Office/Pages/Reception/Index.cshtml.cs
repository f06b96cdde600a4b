using Microsoft.AspNetCore.Mvc;
using PetitionBot.Bot.Reception;

namespace PetitionBot.Bot.Office.Pages.Reception;

/// <summary>Reception places with their opening hours, and the leaders' reception days citizens can book.</summary>
public sealed class ReceptionIndexModel(ReceptionOffice office) : OfficePageModel
{
    public IReadOnlyList<ReceptionPlace> Places { get; private set; } = [];
    public IReadOnlyList<ReceptionOffice.DayRow> Days { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Places = await office.PlacesAsync(ct);
        Days = await office.DaysAsync(ct);
    }

    public Task<IActionResult> OnPostPlaceAsync(long? id, string? name, string? address, string? hours, bool active, CancellationToken ct) =>
        Save(office.SavePlaceAsync(Actor, id, name, address, hours, active, ct), "已保存接待场所。", ct);

    public Task<IActionResult> OnPostDayAsync(long? id, long? placeId, DateOnly? date, string? time, string? leader, string? topics,
        int? capacity, bool active, CancellationToken ct) =>
        Save(office.SaveDayAsync(Actor, new ReceptionOffice.DayInput(id, placeId, date, time, leader, topics, capacity, id is null || active), ct),
            id is null ? "已发布接访日，群众可以在对话和网页上预约。" : "已保存接访日。", ct);

    private async Task<IActionResult> Save(Task<string?> saving, string done, CancellationToken ct)
    {
        Error = await saving;
        if (Error is null)
        {
            Flash = done;
            return RedirectToPage();
        }
        await OnGetAsync(ct);
        return Page();
    }
}
