using Microsoft.AspNetCore.HttpOverrides;

namespace PetitionBot.Bot.Hosting;

/// <summary>
/// Behind a reverse proxy that terminates TLS: Hosting:ForwardedHeaders=true takes the client address and scheme from
/// X-Forwarded-For and X-Forwarded-Proto, so per-address limits count citizens rather than the proxy, and the office
/// cookie is marked Secure whenever the citizen's request was HTTPS. Only for a bot reachable through the proxy alone:
/// the headers are then believed from any sender.
/// </summary>
public static class ProxyHeaders
{
    public const string Setting = "Hosting:ForwardedHeaders";

    public static IHostApplicationBuilder AddProxyHeaders(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The proxy's address is not known in advance; the setting says every request comes through it.
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
        });
        return builder;
    }

    public static WebApplication UseProxyHeaders(this WebApplication app)
    {
        if (app.Configuration.GetValue(Setting, false)) app.UseForwardedHeaders();
        return app;
    }
}
