using LibreQoS.Bus.Protocol;
using LibreQoS.Core.Shaping;
using LibreQoS.Flows.Tracking;
using LibreQoS.History;

namespace LibreQoS.Service.State;

/// <summary>
/// One second of history from the live trackers: totals, every circuit that moved traffic or queued, and every
/// site (circuits summed up network.json). RTT and retransmits come from the flow tick, and stay null while flow
/// tracking is off or its newest snapshot is stale.
/// </summary>
public sealed class HistorySampler(ThroughputTracker throughput, QueueStatsTracker queues, CircuitDirectory circuits, ICircuitInsightSource flows)
{
    private static readonly TimeSpan FlowSnapshotMaxAge = TimeSpan.FromSeconds(5);

    private (ShapingPlan Plan, TreeRollup Rollup)? _rollup;

    public HistoryTick Sample(DateTimeOffset at)
    {
        var perCircuit = new Dictionary<string, HistoryMetrics>(StringComparer.Ordinal);
        foreach (var (id, bits) in throughput.CircuitBits())
            perCircuit[id] = new HistoryMetrics(bits.Down, bits.Up, null, null, null, null, 0, 0, 0, 0);
        foreach (var q in queues.AllCircuits())
        {
            var m = perCircuit.GetValueOrDefault(q.CircuitId);
            perCircuit[q.CircuitId] = m with
            {
                DropsDown = q.Download.DropsPerSecond, DropsUp = q.Upload.DropsPerSecond,
                MarksDown = q.Download.MarksPerSecond, MarksUp = q.Upload.MarksPerSecond,
            };
        }

        var insight = flows.Latest;
        var fresh = at - insight.At <= FlowSnapshotMaxAge;
        long? retransmitsDown = null, retransmitsUp = null;
        if (fresh)
        {
            foreach (var c in insight.Circuits)
            {
                perCircuit[c.CircuitId] = perCircuit.GetValueOrDefault(c.CircuitId) with
                {
                    RttDownMs = c.RttDownloadP50Ms, RttUpMs = c.RttUploadP50Ms,
                    RetransmitsDown = c.RetransmitsDownload, RetransmitsUp = c.RetransmitsUpload,
                };
                retransmitsDown = (retransmitsDown ?? 0) + c.RetransmitsDownload;
                retransmitsUp = (retransmitsUp ?? 0) + c.RetransmitsUpload;
            }
        }

        var totals = throughput.Totals().BitsPerSecond;
        var queueTotals = queues.Totals();
        var samples = new List<SeriesSample>(perCircuit.Count + 64)
        {
            new(SeriesKind.Total, "", new HistoryMetrics(totals.Down, totals.Up, null, null, retransmitsDown, retransmitsUp,
                queueTotals.Download.DropsPerSecond, queueTotals.Upload.DropsPerSecond, queueTotals.Download.MarksPerSecond,
                queueTotals.Upload.MarksPerSecond)),
        };
        foreach (var (id, m) in perCircuit)
            samples.Add(new SeriesSample(SeriesKind.Circuit, id, m));
        if (Rollup() is { } rollup)
        {
            var siteFlows = fresh ? insight.Sites.ToDictionary(s => s.Path, StringComparer.Ordinal) : [];
            foreach (var (path, m) in rollup.Sum(perCircuit, Add))
            {
                var site = siteFlows.GetValueOrDefault(path);
                samples.Add(new SeriesSample(SeriesKind.Site, path, site is null ? m : m with
                {
                    RttDownMs = site.RttDownloadP50Ms, RttUpMs = site.RttUploadP50Ms,
                    RetransmitsDown = site.RetransmitsDownload, RetransmitsUp = site.RetransmitsUpload,
                }));
            }
        }
        return new HistoryTick(at, samples);
    }

    /// <summary>Rates, drops and marks add up the tree; RTT and retransmits come from the flow roll-up.</summary>
    private static HistoryMetrics Add(HistoryMetrics a, HistoryMetrics b) => new(a.DownBps + b.DownBps, a.UpBps + b.UpBps, null, null, null, null,
        a.DropsDown + b.DropsDown, a.DropsUp + b.DropsUp, a.MarksDown + b.MarksDown, a.MarksUp + b.MarksUp);

    private TreeRollup? Rollup()
    {
        if (circuits.Plan is not { } plan)
            return null;
        if (_rollup is not { } known || !ReferenceEquals(known.Plan, plan))
            _rollup = known = (plan, new TreeRollup(plan));
        return known.Rollup;
    }
}

/// <summary>The history recorder once lqosd has opened its store; null while it is not available.</summary>
public sealed class HistoryArchive(string path)
{
    public string Path { get; } = path;

    public HistoryRecorder? Recorder { get; set; }
}
