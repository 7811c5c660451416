using System.Diagnostics;
using LibreQoS.Core.Shaping;
using LibreQoS.History;
using LibreQoS.Service.State;
using LibreQoS.Tc;

namespace LibreQoS.Bench;

/// <summary>bench/insight's history and queue-statistics figures.</summary>
internal static class InsightBench
{
    /// <summary>
    /// A simulated day of history for every circuit active every second (the worst case; idle circuits are not
    /// stored) and 100 sites: <paramref name="realSeconds"/> true 1 s ticks, timed, then the rest of the day one tick
    /// per minute (what the 1-minute tier would hold), then one circuit's day queried.
    /// </summary>
    public static int History(string dir, int circuits, int realSeconds)
    {
        string path = Path.Combine(dir, "history.db");
        var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(15);
        HistoryTick Tick(DateTimeOffset at) => new(at, [
            new SeriesSample(SeriesKind.Total, "", new HistoryMetrics(9_000_000_000, 900_000_000, null, null, null, null, 40, 3, 5, 0)),
            .. Enumerable.Range(0, circuits).Select(i => new SeriesSample(SeriesKind.Circuit, $"C{i:D6}",
                new HistoryMetrics(random.Next(1, 100_000_000), random.Next(1, 10_000_000), 20 + random.Next(0, 30), 20 + random.Next(0, 30),
                    random.Next(0, 3), random.Next(0, 2), random.Next(0, 5), 0, random.Next(0, 2), 0))),
            .. Enumerable.Range(0, 100).Select(i => new SeriesSample(SeriesKind.Site, $"Site{i:D3}",
                new HistoryMetrics(random.Next(1, 1_000_000_000), random.Next(1, 100_000_000), 30, 30, 1, 1, 2, 0, 1, 0))),
        ]);

        var times = new List<double>();
        using (var store = new SqliteHistoryStore(path))
        {
            for (int s = 0; s < realSeconds; s++)
            {
                var tick = Tick(start.AddSeconds(s));
                var watch = Stopwatch.StartNew();
                store.Append(tick);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            long perSecondTier = store.UsedBytes;
            times.Sort();
            Console.WriteLine($"history writes, {circuits} circuits + 100 sites every second: mean {times.Average():F1} ms, p99 {times[(int)(times.Count * 0.99)]:F1} ms, max {times[^1]:F1} ms per 1 s tick (writer thread, not the tick)");
            Console.WriteLine($"  1 s tier: {perSecondTier / (double)realSeconds / 1024:F0} KiB per second of history → {perSecondTier / (double)realSeconds * 3600 / (1 << 20):F0} MiB for the hour it keeps");

            var rest = Stopwatch.StartNew();
            int minuteTicks = 0;
            for (long s = realSeconds - realSeconds % 60 + 60; s < 86_400; s += 60, minuteTicks++)
                store.Append(Tick(start.AddSeconds(s)));
            Console.WriteLine($"  rest of the day as {minuteTicks} minute ticks: {rest.Elapsed.TotalSeconds:F0} s ({rest.Elapsed.TotalMilliseconds / minuteTicks:F0} ms each, including the minute's roll-up and retention)");
        }
        var dayEnd = start.AddDays(1);
        Console.WriteLine($"  after the simulated day: {new FileInfo(path).Length / (double)(1 << 20):F0} MiB on disk (1-minute tier for 24 h, 1 s tier for the first {realSeconds} s)");

        using var reopened = new SqliteHistoryStore(path);
        var queryTimes = new List<double>();
        int points = 0;
        for (int q = 0; q < 20; q++)
        {
            var watch = Stopwatch.StartNew();
            var day = reopened.Query(SeriesKind.Circuit, $"C{random.Next(circuits):D6}", dayEnd.AddDays(-1), dayEnd);
            queryTimes.Add(watch.Elapsed.TotalMilliseconds);
            points = day.Points.Count;
        }
        queryTimes.Sort();
        Console.WriteLine($"one circuit's day queried: median {queryTimes[10]:F1} ms, max {queryTimes[^1]:F1} ms ({points} points at 60 s; target <= 50 ms)");
        return 0;
    }

    /// <summary>
    /// Builds lqosd's tc tree for <paramref name="circuits"/> circuits with pfifo leaves under 100 sites on lan0 and
    /// wan0 (run inside a network namespace that has them), then times reading it back and mapping it to circuits.
    /// </summary>
    public static int Queues(int circuits)
    {
        const int queues = 4, sites = 100;
        var rate = new RateLimit(10, 100);
        var nodes = Enumerable.Range(0, sites).Select(i => new PlannedNode($"Site{i:D3}", $"Site{i:D3}", i % queues + 1, (ushort)(3 + i / queues), 0, 0,
            new RateLimit(900, 1000), new RateLimit(900, 1000), false)).ToList();
        var planned = Enumerable.Range(0, circuits).Select(i =>
        {
            var site = nodes[i % sites];
            return new PlannedCircuit($"C{i:D6}", $"Customer {i}", site.Path, site.Queue, (ushort)(100 + i / queues), site.Minor, rate, rate,
                new LeafQdisc(["pfifo"]), new LeafQdisc(["pfifo"]), []);
        }).ToList();
        var plan = new ShapingPlan(new PlanInterfaces("lan0", "wan0", false, 0), queues, 10_000, 10_000, null, false, nodes, planned);
        var build = Stopwatch.StartNew();
        new ProcessTcRunner().Run([.. TcTree.Of(plan).BuildCommands()]);
        Console.WriteLine($"queue statistics at {circuits} circuits ({2 * circuits} HTB classes, {2 * circuits} pfifo leaves on 2 interfaces; tree built in {build.Elapsed.TotalSeconds:F1} s)");

        var directory = new CircuitDirectory();
        directory.Load(plan);
        var tracker = new QueueStatsTracker(directory, TimeProvider.System);
        var reader = new ProcessTcStatistics();
        var readTimes = new List<double>();
        var mapTimes = new List<double>();
        for (int i = 0; i < 10; i++)
        {
            var watch = Stopwatch.StartNew();
            var reads = plan.Interfaces.Distinct.Select(reader.Read).ToList();
            readTimes.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            tracker.Update(reads, stale: false);
            mapTimes.Add(watch.Elapsed.TotalMilliseconds);
        }
        readTimes.Sort();
        mapTimes.Sort();
        Console.WriteLine($"  tc read and parse (both interfaces, qdiscs JSON + classes text): median {readTimes[5]:F0} ms, max {readTimes[^1]:F0} ms (every 2 s)");
        Console.WriteLine($"  mapping to circuits, totals and site roll-ups: median {mapTimes[5]:F1} ms; {tracker.Totals().Circuits} circuits reported");
        return 0;
    }
}
