using System.Net;
using Microsoft.Extensions.Options;

namespace PetitionBot.Bot.Telemetry;

/// <summary>
/// Section "Telemetry": where metrics and traces go. Both exports are off by default, so a fresh run opens no
/// endpoint and sends nothing anywhere.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    public PrometheusOptions Prometheus { get; set; } = new();
    public OtlpOptions Otlp { get; set; } = new();

    public bool AnyExport => Prometheus.Enabled || Otlp.Enabled;

    public sealed class PrometheusOptions
    {
        /// <summary>Serve the metrics in Prometheus text format at <see cref="Path"/>.</summary>
        public bool Enabled { get; set; }

        public string Path { get; set; } = "/metrics";

        /// <summary>
        /// Client networks (CIDR) allowed to scrape; everyone else gets 403. Loopback only by default: a scraper on another
        /// machine is listed here (behind nginx with Hosting:ForwardedHeaders the forwarded client address counts).
        /// </summary>
        public List<string> AllowedNetworks { get; set; } = [];

        internal static readonly string[] DefaultNetworks = ["127.0.0.0/8", "::1/128"];

        internal IReadOnlyList<IPNetwork> Networks() =>
            (AllowedNetworks.Count == 0 ? DefaultNetworks : [.. AllowedNetworks]).Select(n => IPNetwork.Parse(n.Trim())).ToList();
    }

    public sealed class OtlpOptions
    {
        /// <summary>The collector, e.g. http://otel-collector:4317 (gRPC) or http://otel-collector:4318 (http/protobuf). Empty: off.</summary>
        public string? Endpoint { get; set; }

        /// <summary>"grpc" (default) or "http/protobuf".</summary>
        public string Protocol { get; set; } = "grpc";

        public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);
    }
}

internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Prometheus.Path) || !o.Prometheus.Path.StartsWith('/') || o.Prometheus.Path.Contains('?'))
            errors.Add("Telemetry:Prometheus:Path must be a path starting with '/', e.g. /metrics.");
        foreach (var network in o.Prometheus.AllowedNetworks)
        {
            if (!IPNetwork.TryParse(network?.Trim(), out _))
                errors.Add($"Telemetry:Prometheus:AllowedNetworks: '{network}' is not a network in CIDR form, e.g. 10.0.0.0/8 or 127.0.0.1/32.");
        }
        if (o.Otlp.Enabled && (!Uri.TryCreate(o.Otlp.Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            errors.Add("Telemetry:Otlp:Endpoint must be an absolute http(s) URL of the collector, e.g. http://localhost:4317.");
        if (o.Otlp.Protocol is not ("grpc" or "http/protobuf"))
            errors.Add("Telemetry:Otlp:Protocol must be grpc or http/protobuf.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
