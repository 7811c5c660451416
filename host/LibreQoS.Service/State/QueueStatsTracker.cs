using LibreQoS.Bus.Protocol;
using LibreQoS.Core.Shaping;
using LibreQoS.Tc;

namespace LibreQoS.Service.State;

/// <summary>
/// Turns each read of the shaped interfaces' qdiscs and classes into queue statistics per circuit, per site (summed
/// up network.json) and in total. A circuit's classes are found from the applied plan, its leaf qdisc by parent
/// handle (so circuits with no leaf of their own still report their HTB class). Per-second rates compare each read
/// with the one before; a counter that went backwards (the class or qdisc was recreated) counts from zero.
/// </summary>
public sealed class QueueStatsTracker(CircuitDirectory circuits, TimeProvider clock)
{
    /// <summary>Cumulative counters of one direction of one circuit at one read.</summary>
    private readonly record struct Counters(long Drops, long Marks, long AckDrops, long Overlimits, long BacklogBytes, long BacklogPackets);

    private sealed record Circuit(CircuitQueueStats Stats, LeafQueueInfo? DownloadLeaf, LeafQueueInfo? UploadLeaf);

    private sealed record Layout(ShapingPlan Plan, Dictionary<(string Device, TcHandle Class), (PlannedCircuit Circuit, bool Download)> Classes, TreeRollup Rollup);

    private sealed record Reading(DateTimeOffset At, Dictionary<(string, bool), Counters> Raw, Dictionary<string, Circuit> Circuits,
        QueueStatsTotals Totals, IReadOnlyList<SiteQueueStats> Sites);

    private Layout? _layout;
    private Reading? _last;
    private volatile bool _stale;

    /// <summary>Every circuit of the latest read (none before the first).</summary>
    public IEnumerable<CircuitQueueStats> AllCircuits() => (_last?.Circuits.Values ?? Enumerable.Empty<Circuit>()).Select(c => c.Stats);

    public void Update(IReadOnlyList<InterfaceQueues> reads, bool stale)
    {
        var now = clock.GetUtcNow();
        var layout = CurrentLayout();
        var previous = _last;
        double seconds = previous is null ? 0 : (now - previous.At).TotalSeconds;

        var raw = new Dictionary<(string, bool), Counters>();
        var leaves = new Dictionary<(string, bool), LeafQueueInfo>();
        foreach (var read in layout is null ? [] : reads)
        {
            var leafByParent = new Dictionary<TcHandle, LiveQdisc>();
            foreach (var qdisc in read.Qdiscs)
                leafByParent.TryAdd(qdisc.Parent, qdisc);
            foreach (var cls in read.Classes)
            {
                if (!layout!.Classes.TryGetValue((read.Device, cls.Handle), out var owner))
                    continue;
                var leaf = leafByParent.GetValueOrDefault(cls.Handle);
                // HTB counts its leaf's enqueue drops on the class too; CAKE and fq_codel also drop at dequeue,
                // which only the leaf counts. The larger is the whole, unless the leaf was just replaced.
                raw[(owner.Circuit.CircuitId, owner.Download)] = new Counters(Math.Max(cls.Drops, leaf?.Counters.Drops ?? 0), leaf?.EcnMarks ?? 0,
                    leaf?.AckDrops ?? 0, cls.Overlimits, cls.BacklogBytes, cls.BacklogPackets);
                if (leaf is not null)
                    leaves[(owner.Circuit.CircuitId, owner.Download)] = Leaf(leaf);
            }
        }

        QueueDirection Direction(string id, bool download)
        {
            if (!raw.TryGetValue((id, download), out var c))
                return QueueDirection.Zero;
            var before = previous?.Raw.GetValueOrDefault((id, download));
            double Rate(long nowValue, long? then) => seconds <= 0 ? 0 : (then is { } b && nowValue >= b ? nowValue - b : nowValue) / seconds;
            return new QueueDirection(c.Drops, c.Marks, c.AckDrops, c.Overlimits, c.BacklogBytes, c.BacklogPackets,
                Rate(c.Drops, before?.Drops), Rate(c.Marks, before?.Marks), Rate(c.Overlimits, before?.Overlimits));
        }

        var perCircuit = new Dictionary<string, Circuit>(StringComparer.Ordinal);
        foreach (var id in raw.Keys.Select(k => k.Item1).Distinct())
        {
            perCircuit[id] = new Circuit(new CircuitQueueStats(id, circuits.NameOf(id), Direction(id, true), Direction(id, false)),
                leaves.GetValueOrDefault((id, true)), leaves.GetValueOrDefault((id, false)));
        }

        var down = QueueDirection.Zero;
        var up = QueueDirection.Zero;
        foreach (var c in perCircuit.Values)
        {
            down = down.Plus(c.Stats.Download);
            up = up.Plus(c.Stats.Upload);
        }
        var sites = layout is null ? [] : SitesOf(layout.Rollup, perCircuit);
        _stale = stale;
        _last = new Reading(now, raw, perCircuit, new QueueStatsTotals(down, up, perCircuit.Count, stale, now.ToUnixTimeSeconds()), sites);
    }

    /// <summary>Marks the last values as old (a read failed) without losing them.</summary>
    public void MarkStale() => _stale = true;

    public QueueStatsTotals Totals() => _last is { } last
        ? last.Totals with { Stale = _stale }
        : new QueueStatsTotals(QueueDirection.Zero, QueueDirection.Zero, 0, true, 0);

    public RawQueueData? Raw(string circuitId) => _last is { } last && last.Circuits.TryGetValue(circuitId, out var c)
        ? new RawQueueData(c.Stats, c.DownloadLeaf, c.UploadLeaf, _stale, last.Totals.UpdatedUnix)
        : null;

    /// <summary>The circuits dropping the most per second now, then marking, then hitting their rate.</summary>
    public TopQueueCircuits Top(int count) => new(
        (_last?.Circuits.Values ?? Enumerable.Empty<Circuit>()).Select(c => c.Stats)
            .OrderByDescending(c => c.Download.DropsPerSecond + c.Upload.DropsPerSecond)
            .ThenByDescending(c => c.Download.MarksPerSecond + c.Upload.MarksPerSecond)
            .ThenByDescending(c => c.Download.OverlimitsPerSecond + c.Upload.OverlimitsPerSecond)
            .ThenBy(c => c.CircuitId, StringComparer.Ordinal)
            .Take(count).ToList(),
        _stale || _last is null);

    public SiteQueueStatsReply Sites() => new(_last?.Sites ?? [], _stale || _last is null);

    private static List<SiteQueueStats> SitesOf(TreeRollup rollup, Dictionary<string, Circuit> perCircuit)
    {
        var sums = rollup.Sum(perCircuit.Select(c => KeyValuePair.Create(c.Key, (c.Value.Stats.Download, c.Value.Stats.Upload))),
            (a, b) => (a.Download.Plus(b.Download), a.Upload.Plus(b.Upload)));
        return [.. rollup.NodePaths.Where(sums.ContainsKey).Select(path => new SiteQueueStats(path, sums[path].Download, sums[path].Upload))];
    }

    private Layout? CurrentLayout()
    {
        var plan = circuits.Plan;
        if (plan is null)
            return null;
        if (_layout is { } known && ReferenceEquals(known.Plan, plan))
            return known;
        var tree = TcTree.Of(plan);
        var classes = new Dictionary<(string, TcHandle), (PlannedCircuit, bool)>();
        if (!plan.ObserveOnly)
        {
            foreach (var circuit in plan.Circuits)
            {
                foreach (bool download in (bool[])[true, false])
                {
                    var item = tree.CircuitItem(circuit, download);
                    classes.TryAdd((item.Device, item.ClassId), (circuit, download));
                }
            }
        }
        return _layout = new Layout(plan, classes, new TreeRollup(plan));
    }

    private static LeafQueueInfo Leaf(LiveQdisc q) => new(q.Kind, q.Handle.ToQdiscString(), q.Counters.Bytes, q.Counters.Packets, q.Counters.Drops,
        q.Counters.BacklogBytes, q.Counters.QueueLength,
        q.Cake?.Tins.Select(t => new CakeTinInfo(t.SentBytes, t.SentPackets, t.BacklogBytes, t.Drops, t.EcnMarks, t.AckDrops, t.PeakDelayUs,
            t.AverageDelayUs, t.BaseDelayUs, t.SparseFlows, t.BulkFlows, t.UnresponsiveFlows)).ToList(),
        q.FqCodel is { } f ? new FqCodelInfo(f.NewFlowCount, f.DropOverlimit, f.EcnMarks, f.NewFlowsLength, f.OldFlowsLength, f.MemoryUsed) : null);
}
