using Microsoft.AspNetCore.Http.HttpResults;
using PetitionBot.Bot.Petitions.Status;

namespace PetitionBot.Bot.Petitions;

public static class PetitionEndpoints
{
    public static RouteGroupBuilder MapPetitionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/petitions")
            .WithTags("Petitions")
            .AddEndpointFilter<StatusLookupRateLimitFilter>();

        group.MapGet("/{trackingNo}", GetStatus);
        return group;
    }

    /// <summary>GET /api/petitions/XF20261125-0001?phone=8000 — 404 unless number and phone digits belong together.</summary>
    internal static async Task<Results<Ok<PetitionStatusView>, NotFound, ValidationProblem>> GetStatus(
        string trackingNo, string? phone, PetitionLookup lookup, CancellationToken cancellationToken)
    {
        if (phone is null || !PetitionLookup.IsLastFour(phone))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["phone"] = ["请提供登记时所留电话号码的后4位数字。"],
            });
        }
        var petition = await lookup.FindAsync(trackingNo, phone, cancellationToken);
        return petition is null ? TypedResults.NotFound() : TypedResults.Ok(await lookup.ViewAsync(petition, cancellationToken));
    }
}
