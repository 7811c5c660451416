using System.Diagnostics;
using LibreQoS.WebUi.Tests.Browser;
using LibreQoS.WebUi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LibreQoS.WebUi.Tests.Bench;

/// <summary>Runs only under bench/webui (LQOS_BENCH=1): timings are meaningless inside a busy test run.</summary>
public sealed class BenchFactAttribute : FactAttribute
{
    public BenchFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("LQOS_BENCH") != "1")
            Skip = "a benchmark: run bench/webui (sets LQOS_BENCH=1)";
    }
}

/// <summary>The issue's web UI targets: dashboard API p99 at 200 requests/s ≤ 50 ms; Shaped Devices with 100k circuits ≤ 2 s to first rows.</summary>
[Trait("Category", "Bench")]
public sealed class WebUiBench(ITestOutputHelper output)
{
    private void Report(string line)
    {
        output.WriteLine(line);
        string file = Path.Combine(TestKit.RepoPaths.Root, "test-results", "bench", "webui.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.AppendAllText(file, line + Environment.NewLine);
    }

    [BenchFact]
    public async Task DashboardApi_200RequestsPerSecond_P99()
    {
        const int rate = 200, warmUpSeconds = 3, seconds = 10;
        await using var lab = await LqosdLab.StartAsync(sites: 100, circuitsPerSite: 100);
        using var client = new WebUiClient(lab.BaseUri);
        (await client.LoginAsync("admin", LqosdLab.AdminPassword)).EnsureSuccessStatusCode();
        for (int i = 0; i < 200; i++)
            (await client.GetAsync("/api/dashboard")).Dispose();
        string loadBefore = File.ReadAllText("/proc/loadavg").Trim();

        // lqosd runs for months: the figure that matters is the steady state once the JIT has tiered up the request
        // path and the thread pool has grown, so the first seconds at the target rate are reported apart.
        var warmUp = await OpenLoopAsync(client, rate, warmUpSeconds);
        var steady = await OpenLoopAsync(client, rate, seconds);

        Report($"dashboard API, 10,000 circuits, {rate} req/s, one client, keep-alive; load average before: {loadBefore}, after: {File.ReadAllText("/proc/loadavg").Trim()} ({Environment.ProcessorCount} cores)");
        Report($"  first {warmUpSeconds} s after 200 sequential requests (warm-up): {Percentiles(warmUp)}");
        Report($"  next {seconds} s ({steady.Length} requests): {Percentiles(steady)} (target p99 <= 50 ms)");
    }

    /// <summary>Open loop: requests start on a fixed schedule whatever the latency, as a fleet of browsers would. Sorted latencies in ms.</summary>
    private static async Task<double[]> OpenLoopAsync(WebUiClient client, int rate, int seconds)
    {
        var latencies = new double[rate * seconds];
        var requests = new List<Task>(latencies.Length);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < latencies.Length; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed)
                await Task.Delay(due - clock.Elapsed);
            int slot = i;
            requests.Add(Task.Run(async () =>
            {
                long start = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync("/api/dashboard");
                await response.Content.ReadAsByteArrayAsync();
                response.EnsureSuccessStatusCode();
                latencies[slot] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }));
        }
        await Task.WhenAll(requests);
        Array.Sort(latencies);
        return latencies;
    }

    private static string Percentiles(double[] sorted) =>
        $"p50 {sorted[sorted.Length / 2]:F1} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:F1} ms, max {sorted[^1]:F1} ms";

    [BenchFact]
    public async Task ShapedDevices_100kCircuits_TimeToFirstRowsInChromium()
    {
        Assert.True(File.Exists(Chromium.Executable), "bench/webui needs chromium (apt-get install chromium)");
        await using var lab = await LqosdLab.StartAsync(sites: 1000, circuitsPerSite: 100);
        using var client = new WebUiClient(lab.BaseUri);
        await client.LoginAsync("admin", LqosdLab.AdminPassword);
        var cold = Stopwatch.StartNew();
        (await client.GetAsync("/api/circuits")).Dispose();
        Report($"Shaped Devices, 100,000 circuits: first /api/circuits after lqosd start (reads and indexes applied_plan.json; lqosd does this at start): {cold.Elapsed.TotalMilliseconds:F0} ms");
        await using var browser = await Chromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(lab.BaseUri, "/login"));
        await page.WaitForAsync("document.querySelector('#login-form')");
        await page.TypeAsync("#username", "admin");
        await page.TypeAsync("#password", LqosdLab.AdminPassword);
        await page.ClickAsync("#submit");
        await page.WaitForAsync("location.pathname === '/'");

        var results = new List<double>();
        for (int run = 0; run < 5; run++)
        {
            var watch = Stopwatch.StartNew();
            await page.StartNavigationAsync(new Uri(lab.BaseUri, "/circuits"));
            await page.WaitForAsync("location.pathname === '/circuits' && document.querySelectorAll('#circuit-rows tr a').length === 50", 20_000);
            results.Add(watch.Elapsed.TotalMilliseconds);
        }
        results.Sort();
        await page.ScreenshotAsync(Path.Combine(BrowserFixture.ScreenshotDirectory, "shaped-devices-100k.png"));

        var api = new Dictionary<string, double>();
        foreach (string query in new[] { "sort=name", "sort=traffic&desc=true", "search=smith&sort=name&offset=50000", "search=100.65.1.7" })
        {
            (await client.GetAsync($"/api/circuits?{query}")).Dispose();
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < 5; i++)
                (await client.GetAsync($"/api/circuits?{query}")).Dispose();
            api[query] = watch.Elapsed.TotalMilliseconds / 5;
        }

        Report($"Shaped Devices, 100,000 circuits / 2,000 nodes, navigate to 50 rows shown in headless chromium: median {results[2]:F0} ms, " +
               $"worst of 5 {results[^1]:F0} ms (target <= 2000 ms; includes the 100 ms polling of the check)");
        Report("  /api/circuits at 100k, mean of 5: " + string.Join(", ", api.Select(a => $"{a.Key} {a.Value:F1} ms")));
    }
}
