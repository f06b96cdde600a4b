using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PetitionBot.Bench;

/// <summary>
/// Per-request latency of the office pages against a running bot, signed in as a clerk would be:
/// `dotnet run -c Release --project bench -- office --url http://localhost:5080 --user admin --password … [--pid N]`.
/// Each page is asked for <c>--n</c> times (after a warm-up) one request at a time; p50/p95 in milliseconds. With
/// --pid (the bot's process), the Excel export of --export-filter is downloaded while the bot's resident memory is sampled.
/// </summary>
internal static partial class OfficeProbe
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var url = Arg("--url") ?? "http://localhost:5080";
        var n = int.Parse(Arg("--n") ?? "40", System.Globalization.CultureInfo.InvariantCulture);
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(10) };

        var login = await client.GetStringAsync("/office/login");
        var signIn = await client.PostAsync("/office/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = Arg("--user") ?? "admin",
            ["Password"] = Arg("--password") ?? "",
            ["__RequestVerificationToken"] = Token().Match(login).Groups[1].Value,
        }));
        if (signIn.StatusCode != HttpStatusCode.Redirect)
        {
            Console.Error.WriteLine($"office: sign-in failed ({(int)signIn.StatusCode})");
            return 1;
        }

        // Real values to search for, from the queue itself.
        using var page = JsonDocument.Parse(await client.GetStringAsync("/api/office/petitions?status=Concluded"));
        var rows = page.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Console.WriteLine($"queue total (Concluded): {page.RootElement.GetProperty("total").GetInt32():N0}");
        string Pick(int i, string field) => Uri.EscapeDataString(rows[i % rows.Count].GetProperty(field).GetString()!);

        var pages = new (string Name, Func<int, string> Path)[]
        {
            ("queue, first page", _ => "/office"),
            ("queue, page 200", _ => "/office?page=200"),
            ("queue, status 办理中", _ => "/office?status=InProgress"),
            ("queue, status 办结, page 2", _ => "/office?status=Concluded&page=2"),
            ("queue, overdue", _ => "/office?overdue=true"),
            ("queue, by unit", i => $"/office?unit={1 + i % 100}"),
            ("queue, field + dissatisfied", _ => "/office?field=%E4%B8%A4%E6%8B%96%E6%AC%A0&dissatisfied=true"),
            ("queue, search tracking no", i => $"/office?q={Pick(i, "trackingNo")}"),
            ("queue, search name", i => $"/office?q={Pick(i, "petitionerName")}"),
            ("queue, search masked phone", i => $"/office?q={Pick(i, "phoneMasked")}"),
            ("petition page", i => $"/office/petitions/{Pick(i, "trackingNo")}"),
            ("dashboard, this year", _ => "/office/dashboard"),
            ("dashboard, all 3 years", _ => "/office/dashboard?period=all"),
        };
        // --only dashboard,dissatisfied: just the pages whose names contain one of the words (a before/after of one change).
        var only = Arg("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
        foreach (var (name, path) in pages.Where(p => only is null || only.Any(w => p.Name.Contains(w, StringComparison.Ordinal))))
        {
            for (var i = 0; i < 3; i++) (await client.GetAsync(path(i))).EnsureSuccessStatusCode();
            var samples = new List<double>();
            for (var i = 0; i < n; i++)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path(i));
                await response.Content.ReadAsByteArrayAsync();
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                response.EnsureSuccessStatusCode();
            }
            Console.WriteLine($"{name,-32} {Summary(samples)}");
        }

        if (Arg("--pid") is { } pid)
        {
            foreach (var filter in (Arg("--export-filter") ?? "unit=7;field=%E5%B8%82%E5%9C%BA%E7%9B%91%E7%AE%A1").Split(';'))
                await ExportAsync(client, int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture), filter);
        }
        return 0;
    }

    /// <summary>Downloads one export while sampling the bot's VmRSS every 50 ms; prints rows, bytes, time and the peak.</summary>
    private static async Task ExportAsync(HttpClient client, int pid, string filter)
    {
        GC.Collect();
        var before = Rss(pid);
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Rss(pid));
                await Task.Delay(50);
            }
        });
        var start = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync($"/api/office/export.xlsx?{filter}", HttpCompletionOption.ResponseHeadersRead);
        var firstByte = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        await using var body = await response.Content.ReadAsStreamAsync();
        var file = Path.Combine(Path.GetTempPath(), $"office-export-{pid}.xlsx");
        await using (var f = File.Create(file)) await body.CopyToAsync(f);
        var total = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        await sampling.CancelAsync();
        await sampler;
        var rows = CountRows(file);
        Console.WriteLine($"export {filter}: {rows:N0} rows, {new FileInfo(file).Length / 1024.0 / 1024.0:F1} MB, first byte {firstByte:F0} ms, " +
            $"all {total / 1000:F1} s, bot RSS {before / 1024:N0} MB before, peak {peak / 1024:N0} MB");
        File.Delete(file);
    }

    private static int CountRows(string file)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(file);
        using var reader = System.Xml.XmlReader.Create(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var rows = 0;
        while (reader.Read()) if (reader is { NodeType: System.Xml.XmlNodeType.Element, LocalName: "row" }) rows++;
        return rows - 1;
    }

    /// <summary>Resident set of a process in kB, from /proc.</summary>
    private static long Rss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        return 0;
    }

    private static string Summary(List<double> samples)
    {
        samples.Sort();
        double P(double p) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(p * samples.Count) - 1)];
        return $"n={samples.Count} p50={P(0.50):F1} p95={P(0.95):F1} max={samples[^1]:F1}";
    }
}
