using System.Text.Json;
using LibreQoS.Core.Shaping;

namespace LibreQoS.Tc;

/// <summary>The counters every qdisc reports (<c>tc -s</c>): totals since the qdisc was created, backlog and qlen now.</summary>
public readonly record struct QdiscCounters(long Bytes, long Packets, long Drops, long Overlimits, long Requeues, long BacklogBytes, long QueueLength);

/// <summary>One CAKE tin (priority class); delays in microseconds.</summary>
public sealed record CakeTin(
    long ThresholdRate, long SentBytes, long SentPackets, long BacklogBytes, long Drops, long EcnMarks, long AckDrops,
    long PeakDelayUs, long AverageDelayUs, long BaseDelayUs, long SparseFlows, long BulkFlows, long UnresponsiveFlows);

public sealed record CakeStatistics(long MemoryUsed, long MemoryLimit, long CapacityEstimate, IReadOnlyList<CakeTin> Tins);

public sealed record FqCodelStatistics(
    long MaxPacket, long DropOverlimit, long NewFlowCount, long EcnMarks, long CeMarks, long NewFlowsLength, long OldFlowsLength,
    long MemoryUsed, long DropOvermemory);

/// <summary>A qdisc with its statistics; <see cref="Cake"/> or <see cref="FqCodel"/> carry the kind's extended statistics.</summary>
public sealed record LiveQdisc(string Kind, TcHandle Handle, TcHandle Parent, QdiscCounters Counters, CakeStatistics? Cake, FqCodelStatistics? FqCodel)
{
    /// <summary>Packets the qdisc ECN-marked instead of dropping (0 for kinds that never mark).</summary>
    public long EcnMarks => Cake?.Tins.Sum(t => t.EcnMarks) ?? FqCodel?.EcnMarks ?? 0;

    public long AckDrops => Cake?.Tins.Sum(t => t.AckDrops) ?? 0;
}

/// <summary>
/// Reads <c>tc -s -j qdisc show dev D</c>. The common counters are top-level fields of each qdisc object; fq_codel's
/// extended statistics are top-level too, CAKE's add a <c>tins</c> array (iproute2's JSON names, tc/q_cake.c and
/// tc/q_fq_codel.c). A kind the parser does not know keeps its common counters.
/// </summary>
public static class TcQdiscListing
{
    public static IReadOnlyList<LiveQdisc> Parse(string json)
    {
        var qdiscs = new List<LiveQdisc>();
        if (string.IsNullOrWhiteSpace(json))
            return qdiscs;
        using var document = JsonDocument.Parse(json);
        foreach (var q in document.RootElement.EnumerateArray())
        {
            string kind = q.TryGetProperty("kind", out var k) ? k.GetString() ?? "" : "";
            var handle = TcHandle.TryParse(Text(q, "handle"), out var h) ? h : TcHandle.None;
            var parent = q.TryGetProperty("root", out var root) && root.ValueKind == JsonValueKind.True ? TcHandle.Root
                : TcHandle.TryParse(Text(q, "parent"), out var p) ? p : TcHandle.None;
            var counters = new QdiscCounters(Number(q, "bytes"), Number(q, "packets"), Number(q, "drops"), Number(q, "overlimits"),
                Number(q, "requeues"), Number(q, "backlog"), Number(q, "qlen"));
            qdiscs.Add(new LiveQdisc(kind, handle, parent, counters,
                kind == "cake" ? Cake(q) : null,
                kind == "fq_codel" && q.TryGetProperty("maxpacket", out _) ? FqCodel(q) : null));
        }
        return qdiscs;
    }

    private static CakeStatistics Cake(JsonElement q)
    {
        var tins = new List<CakeTin>();
        if (q.TryGetProperty("tins", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var t in array.EnumerateArray())
            {
                tins.Add(new CakeTin(Number(t, "threshold_rate"), Number(t, "sent_bytes"), Number(t, "sent_packets"), Number(t, "backlog_bytes"),
                    Number(t, "drops"), Number(t, "ecn_mark"), Number(t, "ack_drops"), Number(t, "peak_delay_us"), Number(t, "avg_delay_us"),
                    Number(t, "base_delay_us"), Number(t, "sparse_flows"), Number(t, "bulk_flows"), Number(t, "unresponsive_flows")));
            }
        }
        return new CakeStatistics(Number(q, "memory_used"), Number(q, "memory_limit"), Number(q, "capacity_estimate"), tins);
    }

    private static FqCodelStatistics FqCodel(JsonElement q) => new(Number(q, "maxpacket"), Number(q, "drop_overlimit"), Number(q, "new_flow_count"),
        Number(q, "ecn_mark"), Number(q, "ce_mark"), Number(q, "new_flows_len"), Number(q, "old_flows_len"), Number(q, "memory_used"),
        Number(q, "drop_overmemory"));

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) ? n : 0;
}
