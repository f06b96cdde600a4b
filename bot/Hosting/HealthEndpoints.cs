using Microsoft.AspNetCore.Http.HttpResults;
using PetitionBot.Bot.Data;
using PetitionBot.Knowledge;

namespace PetitionBot.Bot.Hosting;

/// <summary>
/// Health for load balancers and orchestrators: /healthz/live says the process runs (restart it if not);
/// /healthz/ready says it can serve (the database answers with every migration applied, and the index is open), so
/// traffic goes elsewhere meanwhile.
/// /healthz (index open, no database query) stays as it was.
/// </summary>
public static class HealthEndpoints
{
    public static RouteGroupBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/healthz").WithTags("Health").ExcludeFromDescription();
        group.MapGet("/live", () => TypedResults.Text("ok"));
        group.MapGet("/ready", ReadyAsync);
        return group;
    }

    internal static async Task<ContentHttpResult> ReadyAsync(
        IKnowledgeBase knowledge, DatabaseHealth database, HttpContext context, CancellationToken cancellationToken)
    {
        if (!await database.CheckAsync(cancellationToken))
        {
            context.Response.Headers.RetryAfter = DatabaseUnavailableHandler.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Text("数据库不可用", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        if (!await database.SchemaCurrentAsync(cancellationToken))
            return TypedResults.Text("数据库结构未升级", statusCode: StatusCodes.Status503ServiceUnavailable);
        if (!knowledge.IsReady) return TypedResults.Text("索引建立中", statusCode: StatusCodes.Status503ServiceUnavailable);
        return TypedResults.Text("ok");
    }
}
