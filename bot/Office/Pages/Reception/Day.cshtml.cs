using Microsoft.AspNetCore.Mvc;
using PetitionBot.Bot.Reception;

namespace PetitionBot.Bot.Office.Pages.Reception;

/// <summary>One reception day: its bookings (phones masked), 到访 / 未到, and 登记为信访事项 for an attended visit.</summary>
public sealed class ReceptionDayModel(ReceptionOffice office) : OfficePageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    public ReceptionDay? Day { get; private set; }
    public ReceptionPlace? Place { get; private set; }
    public IReadOnlyList<ReceptionOffice.BookingRow> Bookings { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await office.DayAsync(Id, ct) is not { } found) return NotFound();
        (Day, Place, var bookings) = found;
        Bookings = bookings;
        return Page();
    }

    public async Task<IActionResult> OnPostMarkAsync(long bookingId, bool attended, CancellationToken ct) =>
        Outcome(await office.MarkAsync(Actor, bookingId, attended, ct), () => Redirect($"/office/reception/days/{Id}"));

    /// <summary>The registration form, pre-filled; the clear phone goes into its address only on this click (audited).</summary>
    public async Task<IActionResult> OnPostRegisterAsync(long bookingId, CancellationToken ct) =>
        await office.RegistrationLinkAsync(Actor, bookingId, ct) is { } link ? Redirect(link) : NotFound();
}
