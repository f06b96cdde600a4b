using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Intake;
using PetitionBot.Bot.Petitions.PersonalData;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Hosting;

/// <summary>The Prometheus scrape endpoint (docs/operations.md): off by default, local scrapers only unless widened, no personal data.</summary>
public class TelemetryTests
{
    [Fact]
    public async Task Without_the_setting_there_is_no_metrics_endpoint()
    {
        await using var host = BotHost.Start(options: new BotHostOptions { FakeKnowledge = true });

        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task A_local_scrape_shows_answers_filings_handoffs_backlog_and_http_metrics_without_personal_data()
    {
        await using var app = new TestApp(kestrel: true);
        app.Settings["Telemetry:Prometheus:Enabled"] = "true";
        app.Settings["Outbox:Enabled"] = "false";
        using var client = new HttpClient { BaseAddress = new Uri(app.StartKestrel()) };
        await TestApp.WaitUntilReadyAsync(client);

        (await client.PostAsJsonAsync("/api/ask", new { question = "信访事项多长时间办结" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/chat", new { user = "web-metrics-1", text = "我叫王小明，电话13812345678，转人工" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/chat", new { user = "web-metrics-2", text = "转人工" })).EnsureSuccessStatusCode();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var protector = scope.ServiceProvider.GetRequiredService<PersonalDataProtector>();
            await scope.ServiceProvider.GetRequiredService<PetitionIntake>().SubmitAsync(new NewPetition
            {
                SubmissionKey = "form:metrics", Channel = "web", ChannelUserId = "web-metrics-3", PetitionerName = "李四",
                IdNumber = protector.ProtectIdNumber("110101199003071233"), Phone = "13900001111", Address = "城关街道幸福路12号",
                Locality = "城关街道", Category = PetitionCategory.Grievance, Field = "两拖欠", Request = "要求支付拖欠的工资",
                FactsAndReasons = "三个月工资一直没发。",
            });
        }

        var scrape = await client.GetAsync("/metrics");
        var text = await scrape.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        // At least ours: OpenTelemetry listens to the meter by name across the process, so hosts of other tests running
        // at the same time add to these counters (CI saw 2 once).
        Assert.Matches("petitionbot_answers_total\\{[^}]*channel=\"api\"[^}]*kind=\"answer\"[^}]*source=\"extractive\"[^}]*\\} [1-9]\\d*", text);
        Assert.Matches("petitionbot_petitions_filed_total\\{[^}]*channel=\"web\"[^}]*\\} [1-9]\\d*", text);
        Assert.Matches("petitionbot_handoffs_requested_total\\{[^}]*channel=\"web\"[^}]*\\} [1-9]\\d*", text);
        Assert.Matches("petitionbot_outbox_backlog(\\{[^}]*\\})? \\d+", text);
        Assert.Contains("http_server_request_duration_seconds", text);
        foreach (var personal in new[] { "13812345678", "13900001111", "王小明", "李四", "110101199003071233", "web-metrics" })
            Assert.DoesNotContain(personal, text);
    }

    [Fact]
    public async Task A_scrape_from_outside_the_allowed_networks_is_refused()
    {
        await using var app = new TestApp(kestrel: true);
        app.Settings["Telemetry:Prometheus:Enabled"] = "true";
        app.Settings["Telemetry:Prometheus:AllowedNetworks:0"] = "10.20.0.0/16";
        using var client = new HttpClient { BaseAddress = new Uri(app.StartKestrel()) };

        var scrape = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Forbidden, scrape.StatusCode);
        Assert.DoesNotContain("petitionbot_", await scrape.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_otlp_collector_gets_the_bots_spans_and_metrics_without_personal_data_or_the_query_string()
    {
        var received = new ConcurrentQueue<(string Path, byte[] Body)>();
        var collector = Loopback.CreateBuilder().Build();
        collector.MapPost("/v1/{signal}", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            received.Enqueue((request.Path, body.ToArray()));
            return Results.Ok();
        });
        var collectorUrl = await Loopback.StartAsync(collector);

        await using (var app = new TestApp())
        {
            app.Settings["Telemetry:Otlp:Endpoint"] = collectorUrl;
            app.Settings["Telemetry:Otlp:Protocol"] = "http/protobuf";
            using var client = app.CreateClient();
            (await client.PostAsJsonAsync("/api/chat", new { user = "web-otlp-1", text = "我叫王小明，电话13812345678，身份证110101199003071233" })).EnsureSuccessStatusCode();
            await client.GetAsync("/api/petitions/XF20261125-0001?phone=5678");
        } // stopping the host flushes both exporters; their last requests may still be on the way

        string Signal(string path) => string.Concat(received.Where(r => r.Path == path).Select(r => Encoding.UTF8.GetString(r.Body)));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((!Signal("/v1/traces").Contains("conversation.turn") || Signal("/v1/metrics").Length == 0) && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        await collector.DisposeAsync();
        var traces = Signal("/v1/traces");
        var metrics = Signal("/v1/metrics");

        Assert.Contains("conversation.turn", traces);
        Assert.Contains("/api/chat", traces);
        Assert.Contains("http.server.request.duration", metrics);
        foreach (var personal in new[] { "13812345678", "王小明", "110101199003071233", "web-otlp-1", "phone=5678" })
            Assert.DoesNotContain(personal, traces + metrics);
    }

    [Theory]
    [InlineData("Telemetry:Prometheus:AllowedNetworks:0", "intranet", "Telemetry:Prometheus:AllowedNetworks")]
    [InlineData("Telemetry:Otlp:Endpoint", "collector:4317", "Telemetry:Otlp:Endpoint")]
    [InlineData("Telemetry:Otlp:Protocol", "udp", "Telemetry:Otlp:Protocol")]
    public void A_wrong_telemetry_setting_stops_the_start_naming_it(string key, string value, string named)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Knowledge:IndexPath", SharedIndex.Folder);
            b.UseSetting("Telemetry:Prometheus:Enabled", "true");
            b.UseSetting(key, value);
        });

        var ex = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(named, (ex as OptionsValidationException ?? ex.InnerException as OptionsValidationException ?? throw ex).Message);
    }
}
