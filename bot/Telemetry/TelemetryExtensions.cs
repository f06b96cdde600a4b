using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace PetitionBot.Bot.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// The bot's instruments always (they cost nothing unheard); the OpenTelemetry SDK with ASP.NET Core, HttpClient,
    /// EF Core and runtime instrumentation only when Prometheus or OTLP is switched on.
    /// </summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        builder.Services.AddSingleton<Notifications.OutboxBacklog>();
        builder.Services.AddSingleton<BotTelemetry>();

        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new();
        if (!options.AnyExport) return builder;

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(BotTelemetry.Name.ToLowerInvariant()));
        otel.WithMetrics(m =>
        {
            m.AddMeter(BotTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation();
            if (options.Prometheus.Enabled) m.AddPrometheusExporter();
            if (options.Otlp.Enabled) m.AddOtlpExporter(o => Configure(o, options.Otlp, "v1/metrics"));
        });
        // Traces go to a collector only; Prometheus has no place for them.
        if (options.Otlp.Enabled)
        {
            otel.WithTracing(t => t
                .AddSource(BotTelemetry.Name)
                // Probes and scrapes every few seconds would drown the requests people make.
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !IsProbe(c.Request.Path, options))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddOtlpExporter(o => Configure(o, options.Otlp, "v1/traces")));
        }
        return builder;
    }

    /// <summary>The scrape endpoint when Telemetry:Prometheus:Enabled, answering only the allowed networks.</summary>
    public static WebApplication MapTelemetry(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (!options.Prometheus.Enabled) return app;
        var networks = options.Prometheus.Networks();
        app.MapPrometheusScrapingEndpoint(options.Prometheus.Path, meterProvider: null, configureBranchedPipeline: branch =>
            branch.Use(async (context, next) =>
            {
                var address = context.Connection.RemoteIpAddress;
                if (address is { IsIPv4MappedToIPv6: true }) address = address.MapToIPv4();
                if (address is null || !networks.Any(n => n.Contains(address)))
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return;
                }
                await next(context);
            }), optionsName: null);
        return app;
    }

    private static bool IsProbe(PathString path, TelemetryOptions options) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments(options.Prometheus.Path);

    private static void Configure(OtlpExporterOptions o, TelemetryOptions.OtlpOptions otlp, string httpSignalPath)
    {
        var endpoint = new Uri(otlp.Endpoint!);
        if (otlp.Protocol == "http/protobuf")
        {
            // Over HTTP each signal has its own path; the setting names the collector, as OTEL_EXPORTER_OTLP_ENDPOINT does.
            o.Protocol = OtlpExportProtocol.HttpProtobuf;
            o.Endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + httpSignalPath);
        }
        else
        {
            o.Protocol = OtlpExportProtocol.Grpc;
            o.Endpoint = endpoint;
        }
    }
}
