using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace PetitionBot.Bot.Channels.Web;

/// <summary>
/// The citizen page on "/": the official Web Chat (bundled at build time into wwwroot/webchat) talking to the bot's
/// own Direct Line endpoint, plus the status lookup. Files are served from the web root by name only.
/// </summary>
public static class WebPageExtensions
{
    // The page loads only its own scripts; Web Chat injects its styles inline.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "connect-src 'self'; font-src 'self' data:; media-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IServiceCollection AddWebPage(this IServiceCollection services) => services.AddSingleton<CitizenPage>();

    public static RouteGroupBuilder MapWebPage(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Web").ExcludeFromDescription();
        group.MapGet("/", Results<ContentHttpResult, NotFound<string>> (HttpContext context, CitizenPage page) =>
        {
            context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            context.Response.Headers.CacheControl = "no-cache";
            return page.Render() is { } html
                ? TypedResults.Content(html, "text/html; charset=utf-8")
                : TypedResults.NotFound("index.html is missing; build the bot project to produce it.");
        });
        group.MapGet("/web/{file:regex(^[a-z0-9-]+\\.(js|css|svg|png)$)}",
            (string file, HttpContext context, IWebHostEnvironment env) => Serve(context, env, $"web/{file}"));
        group.MapGet("/webchat/webchat.js",
            (HttpContext context, IWebHostEnvironment env) => Serve(context, env, "webchat/webchat.js"));
        return group;
    }

    private static Results<PhysicalFileHttpResult, NotFound<string>> Serve(HttpContext context, IWebHostEnvironment env, string path)
    {
        var file = env.WebRootFileProvider.GetFileInfo(path);
        if (!file.Exists || file.PhysicalPath is null)
        {
            // wwwroot/webchat is produced by the build (npm); a missing bundle means the build step did not run.
            return TypedResults.NotFound($"{path} is missing; build the bot project to produce it.");
        }
        ContentTypes.TryGetContentType(path, out var contentType);
        // Revalidate every time (cheap 304s) so a new build is picked up at once.
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.PhysicalFile(
            file.PhysicalPath,
            contentType ?? "application/octet-stream",
            lastModified: file.LastModified,
            entityTag: new EntityTagHeaderValue($"\"{file.LastModified.UtcTicks:x}-{file.Length:x}\""));
    }
}
