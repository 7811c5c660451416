using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LibreQoS.TestKit;
using LibreQoS.WebUi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LibreQoS.WebUi.Tests.Kernel;

/// <summary>
/// Issue #8's acceptance: in the demo lab with traffic flowing, the dashboard's live rate (as the browser renders
/// it) matches <c>lqos status</c> within 10%.
/// </summary>
[Trait("Requires", "root")]
public sealed partial class DashboardLiveRateTests(ITestOutputHelper output)
{
    private const int TrafficSeconds = 45;
    private const int Samples = 5;

    [RootFact(Tools = ["iperf3", "chromium"])]
    public async Task DemoLabWithTraffic_DashboardTotals_MatchLqosStatusWithinTenPercent()
    {
        await using var lab = await TrafficLab.StartAsync();
        var downloads = lab.Subscribers.Take(4).ToList();
        var uploads = lab.Subscribers.Skip(4).Take(2).ToList();
        Assert.True(uploads.Count == 2, "gen_network.py gave fewer than six circuits of 100 Mbit/s or less");
        await using var browser = await Chromium.LaunchAsync();
        var page = await browser.SignedInPageAsync(lab.WebUi, "admin", TrafficLab.AdminPassword);
        await page.WaitForAsync("document.querySelector('#total-down').textContent !== '—'");
        // Every figure the dashboard renders, with the browser's time of rendering.
        await page.EvaluateAsync("""
            (() => { window.shown = [];
              const record = () => window.shown.push({ t: Date.now(),
                down: document.querySelector('#total-down').textContent, up: document.querySelector('#total-up').textContent });
              const watch = new MutationObserver(record);
              for (const id of ['#total-down', '#total-up'])
                watch.observe(document.querySelector(id), { childList: true, characterData: true, subtree: true });
              record(); })()
            """);

        int port = 5301;
        foreach (var subscriber in downloads)
            lab.StartDownload(subscriber, port++, TrafficSeconds);
        foreach (var subscriber in uploads)
            lab.StartUpload(subscriber, port++, TrafficSeconds);
        await Task.Delay(TimeSpan.FromSeconds(5)); // TCP ramps up and lqosd's per-second sample catches up

        var cli = new List<(long AtMs, Rate Rate)>();
        for (int i = 0; i < Samples; i++)
        {
            var status = lab.Lqos("status");
            long at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(); // lqos asks lqosd just before it exits
            Assert.True(status.ExitCode == 0, status.StandardError);
            cli.Add((at, StatusThroughput(status.StandardOutput)));
            await Task.Delay(700);
        }
        var shown = (await page.EvaluateAsync("window.shown"))!.AsArray()
            .Select(s => (AtMs: s!["t"]!.GetValue<long>(), Rate: new Rate(Bits(s["down"]!.GetValue<string>()), Bits(s["up"]!.GetValue<string>()))))
            .Where(s => s.Rate.Down > 0).ToList();
        await page.ScreenshotAsync(Path.Combine(Browser.BrowserFixture.ScreenshotDirectory, "dashboard-live-traffic.png"));

        var pairs = cli.Select(c => (Cli: c, Shown: shown.MinBy(s => Math.Abs(s.AtMs - c.AtMs)))).ToList();
        foreach (var (c, s) in pairs)
            output.WriteLine($"lqos status {c.Rate} at {c.AtMs}; dashboard {s.Rate} at {s.AtMs} ({s.AtMs - c.AtMs:+#;-#;0} ms)");
        var (closestCli, closestShown) = pairs.MinBy(p => Math.Abs(p.Shown.AtMs - p.Cli.AtMs));
        double plannedDown = downloads.Sum(d => d.DownloadMbps) * 1e6, plannedUp = uploads.Sum(u => u.UploadMbps) * 1e6;
        Assert.True(closestCli.Rate.Down > plannedDown * 0.5 && closestCli.Rate.Up > plannedUp * 0.5,
            $"traffic is not flowing as planned: lqos status says {closestCli.Rate}, plans add up to {plannedDown / 1e6} / {plannedUp / 1e6} Mbit/s");
        Assert.InRange(closestShown.Rate.Down, closestCli.Rate.Down * 0.9, closestCli.Rate.Down * 1.1);
        Assert.InRange(closestShown.Rate.Up, closestCli.Rate.Up * 0.9, closestCli.Rate.Up * 1.1);
    }

    /// <summary>"throughput: 123.4 Mbps down / 5.6 Mbps up, shaped …" from <c>lqos status</c>.</summary>
    private static Rate StatusThroughput(string statusOutput)
    {
        var match = StatusLine().Match(statusOutput);
        Assert.True(match.Success, $"no throughput line in lqos status: {statusOutput}");
        return new Rate(Bits(match.Groups["down"].Value), Bits(match.Groups["up"].Value));
    }

    /// <summary>A rate as the web UI and lqos print it ("201 Mbps", "1.4 Gbps") in bits per second.</summary>
    private static double Bits(string text)
    {
        var match = RateText().Match(text);
        Assert.True(match.Success, $"not a rate: '{text}'");
        double scale = match.Groups["unit"].Value switch { "Kbps" => 1e3, "Mbps" => 1e6, "Gbps" => 1e9, _ => 1 };
        return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture) * scale;
    }

    [GeneratedRegex(@"^throughput: (?<down>\S+ \S+) down / (?<up>\S+ \S+) up", RegexOptions.Multiline)]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^(?<value>[0-9.]+) (?<unit>bps|Kbps|Mbps|Gbps)$")]
    private static partial Regex RateText();

    private readonly record struct Rate(double Down, double Up)
    {
        public override string ToString() => FormattableString.Invariant($"{Down / 1e6:F1} / {Up / 1e6:F1} Mbit/s");
    }
}
