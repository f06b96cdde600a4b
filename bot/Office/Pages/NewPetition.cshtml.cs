using Microsoft.AspNetCore.Mvc;
using PetitionBot.Bot.Office.Registration;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Bot.Office.Pages;

/// <summary>登记 of a letter, visit or call; prefilled from the query string (a booked visit hands over name, phone, matter).</summary>
public sealed class NewPetitionModel(PetitionRegistration registration, TimeProvider time, Microsoft.Extensions.Options.IOptions<OfficeOptions> options) : OfficePageModel
{
    public int MaxMegabytes => options.Value.AttachmentMaxBytes / 1024 / 1024;
    [BindProperty] public RegistrationForm Form { get; set; } = new();
    /// <summary>Representatives as typed, separated by 、 or commas.</summary>
    [BindProperty] public string? Representatives { get; set; }
    [BindProperty] public List<IFormFile> Files { get; set; } = [];
    /// <summary>Identifies this form: a double click or a resent POST registers the petition once.</summary>
    [BindProperty] public Guid FormId { get; set; }
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();
    public DateOnly Today { get; private set; }

    public void OnGet(string? source, string? name, string? phone, string? request, string? receivedOn, string? bookingNo)
    {
        Today = ChinaTime.Today(time);
        FormId = Guid.NewGuid();
        Form = new RegistrationForm
        {
            Source = PetitionSources.Parse(source) is { } s ? PetitionSources.Wire(s) : PetitionSources.Wire(PetitionSource.Letter),
            Name = name, Phone = phone, Request = request, BookingNo = bookingNo,
            ReceivedOn = string.IsNullOrWhiteSpace(receivedOn) ? PetitionClock.Format(Today) : receivedOn,
            PeopleCount = 1,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Today = ChinaTime.Today(time);
        if (FormId == Guid.Empty) FormId = Guid.NewGuid();
        Form.Representatives = (Representatives ?? "").Split(['、', ',', '，', ';', '；', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var files = new List<UploadedFile>();
        foreach (var f in Files)
        {
            using var stream = new MemoryStream();
            await f.CopyToAsync(stream, ct);
            files.Add(new UploadedFile(f.FileName, stream.ToArray()));
        }
        var result = await registration.RegisterAsync(Actor, Form, files, $"office:{Actor.UserName}:{FormId:N}", ct);
        if (!result.Ok)
        {
            Errors = result.Errors;
            return Page();
        }
        var no = result.Petition!.TrackingNo;
        Flash = $"已登记为信访事项 {no}。" + (result.RepeatOf is { } earlier
            ? $"系统查到同一信访人的相似事项 {earlier}，已标为重复信访{(result.RepeatThroughRecheck ? "（该事项已经复核或终结，同一事实和理由不再受理，信访工作条例第三十六条）" : "")}。"
            : "") + "请打印登记回执交给信访人。";
        return Redirect($"/office/petitions/{Uri.EscapeDataString(no)}");
    }

    public string? Error(string field) => Errors.TryGetValue(field, out var e) ? e : null;
}
