using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Bureau;

namespace PetitionBot.Bot.Channels.Web;

/// <summary>
/// wwwroot/index.html with the bureau's details (Bureau options) filled in on the server, so the page shows who runs it
/// even before its scripts load. Rendered again only when the file changes.
/// </summary>
public sealed class CitizenPage(IWebHostEnvironment env, IOptions<BureauOptions> bureau)
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private (DateTimeOffset Modified, string Html)? _rendered;

    /// <summary>The page, or null when index.html is missing.</summary>
    public string? Render()
    {
        var file = env.WebRootFileProvider.GetFileInfo("index.html");
        if (!file.Exists || file.PhysicalPath is null) return null;
        if (_rendered is { } cached && cached.Modified == file.LastModified) return cached.Html;
        var b = bureau.Value;
        var privacy = string.Concat(b.PrivacyNotice.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => $"<p>{Html.Encode(p)}</p>"));
        var html = new StringBuilder(File.ReadAllText(file.PhysicalPath))
            .Replace("{{Name}}", Html.Encode(b.Name ?? ""))
            .Replace("{{Address}}", Html.Encode(b.Address))
            .Replace("{{HotlineNumber}}", Html.Encode(b.HotlineNumber))
            .Replace("{{Hotline}}", Html.Encode(b.Hotline))
            .Replace("{{OfficeHours}}", Html.Encode(b.OfficeHours))
            .Replace("{{PrivacyNotice}}", privacy)
            .ToString();
        _rendered = (file.LastModified, html);
        return html;
    }
}
