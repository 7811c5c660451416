using System.CommandLine;
using System.Globalization;
using LibreQoS.Bus.Protocol;

namespace LibreQoS.Cli;

/// <summary><c>lqos queues [CIRCUIT_ID] [--sites]</c> and <c>lqos history [CIRCUIT_ID] --range 1h</c>.</summary>
internal static partial class BusCommands
{
    private static Command Queues()
    {
        var circuit = new Argument<string?>("circuit-id") { Description = "Show this circuit's queues in detail (leaf qdisc, CAKE tins)", Arity = ArgumentArity.ZeroOrOne };
        var sites = new Option<bool>("--sites") { Description = "Show every network.json node's queues, summed over the circuits below it" };
        return BusCommand("queues", "Queue statistics: drops, ECN marks, backlog and overlimits, in total, per site or for one circuit", [circuit, sites],
            async (bus, r, ct) =>
            {
                if (r.GetValue(circuit) is { } id)
                {
                    var reply = await bus.SendAsync(new GetRawQueueData(id), cancellationToken: ct);
                    if (reply is Fail fail)
                        return Report([fail]);
                    PrintCircuit((RawQueueData)reply);
                    return 0;
                }
                if (r.GetValue(sites))
                {
                    var tree = (SiteQueueStatsReply)await bus.SendAsync(new GetSiteQueueStats(), cancellationToken: ct);
                    PrintStale(tree.Stale);
                    foreach (var site in tree.Sites)
                        Console.WriteLine($"{site.Path,-40} down {Line(site.Download)}   up {Line(site.Upload)}");
                    return 0;
                }
                var totals = (QueueStatsTotals)await bus.SendAsync(new GetQueueStatsTotal(), cancellationToken: ct);
                PrintStale(totals.Stale);
                Console.WriteLine($"{totals.Circuits} circuit(s)");
                Console.WriteLine($"download: {Line(totals.Download)}");
                Console.WriteLine($"upload:   {Line(totals.Upload)}");
                return 0;
            });
    }

    private static Command HistoryCommand()
    {
        var key = new Argument<string?>("circuit-id") { Description = "The circuit (omit for the box's totals)", Arity = ArgumentArity.ZeroOrOne };
        var site = new Option<string?>("--site") { Description = "A network.json node's path (e.g. Region/Tower) instead of a circuit" };
        var range = new Option<string>("--range") { Description = "How far back: 90s, 15m, 1h, 7d…", DefaultValueFactory = _ => "1h" };
        return BusCommand("history", "Stored rates, drops and marks of a circuit, a site or the whole box", [key, site, range], async (bus, r, ct) =>
        {
            if (!TryParseSpan(r.GetValue(range)!, out var span))
            {
                await Console.Error.WriteLineAsync($"--range '{r.GetValue(range)}' is not a duration such as 90s, 15m, 1h or 7d");
                return 2;
            }
            var (kind, name) = r.GetValue(site) is { } path ? ("site", path) : r.GetValue(key) is { } id ? ("circuit", id) : ("total", "");
            long to = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var reply = await bus.SendAsync(new GetHistory(kind, name, to - (long)span.TotalSeconds, to), cancellationToken: ct);
            if (reply is Fail fail)
                return Report([fail]);
            var history = (HistoryReply)reply;
            Console.WriteLine($"{kind} {name} — {history.Points.Count} point(s) at {history.ResolutionSeconds} s (idle intervals are not stored)");
            foreach (var p in history.Points)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{DateTimeOffset.FromUnixTimeSeconds(p.AtUnix):u}  {Mbps(p.BitsPerSecond.Down),12} down {Mbps(p.BitsPerSecond.Up),12} up  drops/s {p.DropsDown,7:F1} {p.DropsUp,7:F1}  marks/s {p.MarksDown,7:F1} {p.MarksUp,7:F1}{Rtt(p)}"));
            }
            return 0;
        });
    }

    /// <summary>Whole numbers with a unit: s, m, h or d.</summary>
    private static bool TryParseSpan(string text, out TimeSpan span)
    {
        span = default;
        if (text.Length < 2 || !int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n <= 0)
            return false;
        span = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => default,
        };
        return span > TimeSpan.Zero;
    }

    private static void PrintCircuit(RawQueueData raw)
    {
        PrintStale(raw.Stale);
        Console.WriteLine($"{raw.Circuit.CircuitId} {raw.Circuit.CircuitName}");
        foreach (var (direction, stats, leaf) in new[] { ("download", raw.Circuit.Download, raw.DownloadLeaf), ("upload", raw.Circuit.Upload, raw.UploadLeaf) })
        {
            Console.WriteLine($"{direction}: {Line(stats)}");
            if (leaf is null)
            {
                Console.WriteLine("  leaf: none (HTB class only)");
                continue;
            }
            Console.WriteLine($"  leaf: {leaf.Kind} {leaf.Handle}  sent {leaf.Bytes} bytes {leaf.Packets} pkt, dropped {leaf.Drops}, backlog {leaf.BacklogBytes} bytes {leaf.QueueLength} pkt");
            for (int i = 0; i < (leaf.Tins?.Count ?? 0); i++)
            {
                var t = leaf.Tins![i];
                Console.WriteLine($"  tin {i}: sent {t.SentPackets} pkt, drops {t.Drops}, marks {t.EcnMarks}, ack drops {t.AckDrops}, delay peak/avg/base {t.PeakDelayUs}/{t.AverageDelayUs}/{t.BaseDelayUs} µs, flows sparse/bulk/unresponsive {t.SparseFlows}/{t.BulkFlows}/{t.UnresponsiveFlows}");
            }
            if (leaf.FqCodel is { } f)
                Console.WriteLine($"  fq_codel: new flows {f.NewFlowCount}, marks {f.EcnMarks}, overlimit drops {f.DropOverlimit}, flows new/old {f.NewFlowsLength}/{f.OldFlowsLength}");
        }
    }

    private static void PrintStale(bool stale)
    {
        if (stale)
            Console.WriteLine("(stale: a reload is running or the last read failed)");
    }

    private static string Line(QueueDirection q) => string.Create(CultureInfo.InvariantCulture,
        $"drops {q.Drops} ({q.DropsPerSecond:F1}/s), marks {q.EcnMarks} ({q.MarksPerSecond:F1}/s), overlimits {q.Overlimits} ({q.OverlimitsPerSecond:F1}/s), backlog {q.BacklogBytes} bytes {q.BacklogPackets} pkt");

    private static string Rtt(HistoryPoint p) => p.RttDownMs is null && p.RttUpMs is null ? ""
        : string.Create(CultureInfo.InvariantCulture, $"  rtt {p.RttDownMs?.ToString("F1", CultureInfo.InvariantCulture) ?? "-"}/{p.RttUpMs?.ToString("F1", CultureInfo.InvariantCulture) ?? "-"} ms");
}
