using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
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

    public static RouteGroupBuilder MapPetitionRegistration(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/office/petitions").RequireAuthorization(OfficeAuth.RegistrarPolicy).WithTags("Office");
        group.MapPost("", RegisterAsync);
        return group;
    }

    private static async Task<Results<Created<Registered>, BadRequest<Invalid>>> RegisterAsync(
        HttpRequest request, ClaimsPrincipal user, PetitionRegistration registration, CancellationToken ct)
    {
        var actor = OfficeActor.Require(user);
        // Read here rather than bound, so a number where a date belongs gets a Chinese answer too. JSON only, as before.
        RegistrationForm? form;
        try
        {
            form = await request.ReadFromJsonAsync<RegistrationForm>(ct);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            form = null;
        }
        if (form is null)
            return TypedResults.BadRequest(new Invalid("invalid", "请以 JSON 提交信访事项登记表（Content-Type: application/json），各项的类型见接口说明。",
                new Dictionary<string, string>()));
        // Each call is one registration: a client that must retry safely uses the page, whose form carries its own key.
        var result = await registration.RegisterAsync(actor, form, [], $"office:{actor.UserName}:{Guid.NewGuid():N}", ct);
        if (!result.Ok)
            return TypedResults.BadRequest(new Invalid("invalid", string.Join(" ", result.Errors.Values), result.Errors));
        var no = result.Petition!.TrackingNo;
        return TypedResults.Created($"/api/office/petitions/{Uri.EscapeDataString(no)}", new Registered(no));
    }
}
