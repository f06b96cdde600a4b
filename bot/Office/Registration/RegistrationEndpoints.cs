using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PetitionBot.Bot.Hosting;
using PetitionBot.Bot.Office.Auth;

namespace PetitionBot.Bot.Office.Registration;

/// <summary>
/// 登记 as JSON beside /office/petitions/new, for the clerk's other tools. Like the other office POSTs it needs the office
/// cookie (SameSite=Strict) and a JSON body, which a page on another site can neither send with the cookie nor without a
/// preflight.
/// </summary>
public static class RegistrationEndpoints
{
    public sealed record Registered(string TrackingNo);

    public sealed record Invalid(string Error, string Message, IReadOnlyDictionary<string, string> Errors);

    /// <summary>What a client sends to make a retry of the same registration safe (one key, one petition).</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    public static RouteGroupBuilder MapPetitionRegistration(this IEndpointRouteBuilder app, OfficeOptions office)
    {
        var group = app.MapGroup("/api/office/petitions").RequireAuthorization(OfficeAuth.RegistrarPolicy).WithTags("Office");
        group.MapPost("", RegisterAsync).WithBodyLimit(office.RegistrationBodyBytes(base64: true));
        return group;
    }

    private static async Task<Results<Created<Registered>, Ok<Registered>, BadRequest<Invalid>>> RegisterAsync(
        HttpRequest request, ClaimsPrincipal user, PetitionRegistration registration, CancellationToken ct)
    {
        var actor = OfficeActor.Require(user);
        var key = request.Headers[IdempotencyHeader].ToString();
        if (key.Length > 100 || key.Any(c => c is < '!' or > '~'))
            return TypedResults.BadRequest(new Invalid("invalid", $"{IdempotencyHeader} 最多100个字符，只能是可见的英文字母、数字和符号。",
                new Dictionary<string, string>()));
        // Read here rather than bound, so a number where a date belongs gets a Chinese answer too. JSON only, as before.
        RegistrationRequest? form;
        try
        {
            form = await request.ReadFromJsonAsync<RegistrationRequest>(ct);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            form = null;
        }
        if (form is null)
            return TypedResults.BadRequest(new Invalid("invalid", "请以 JSON 提交信访事项登记表（Content-Type: application/json），各项的类型见接口说明。",
                new Dictionary<string, string>()));
        if (Files(form.Attachments) is not { } files)
            return TypedResults.BadRequest(new Invalid("invalid", "附件内容须为 base64 编码。",
                new Dictionary<string, string> { ["attachments"] = "附件内容须为 base64 编码。" }));
        // With an Idempotency-Key a retry finds the petition its first try filed (the intake's submission key); without
        // one, each call is one registration.
        var submissionKey = $"office:{actor.UserName}:{(key.Length > 0 ? key : Guid.NewGuid().ToString("N"))}";
        var result = await registration.RegisterAsync(actor, form, files, submissionKey, ct);
        if (!result.Ok)
            return TypedResults.BadRequest(new Invalid("invalid", string.Join(" ", result.Errors.Values), result.Errors));
        var no = result.Petition!.TrackingNo;
        return result.Created
            ? TypedResults.Created($"/api/office/petitions/{Uri.EscapeDataString(no)}", new Registered(no))
            : TypedResults.Ok(new Registered(no));
    }

    private static List<UploadedFile>? Files(List<AttachmentJson>? attachments)
    {
        var files = new List<UploadedFile>();
        foreach (var a in attachments ?? [])
        {
            if (a?.Content is not { } content) continue;
            try
            {
                files.Add(new UploadedFile(a.FileName ?? "", Convert.FromBase64String(content)));
            }
            catch (FormatException)
            {
                return null;
            }
        }
        return files;
    }
}
