using LibreQoS.Bus.Protocol;
using LibreQoS.Core.Flows;
using LibreQoS.Flows.Rollup;
using LibreQoS.Flows.Tracking;
using LibreQoS.Service.Insight;

namespace LibreQoS.Service.Handling;

/// <summary>The bus's flow requests answered from the last flow tick.</summary>
internal static class FlowReplies
{
    private const int MaxCount = 1000;

    public static BusResponse Answer(FlowInsight flows, BusRequest request)
    {
        switch (request)
        {
            case GetWorstRtt w:
                return new CircuitInsights(flows.WorstRtt(Math.Clamp(w.Count, 1, MaxCount)).Select(c => Circuit(flows, c)).ToList());
            case GetWorstRetransmits w:
                return new CircuitInsights(flows.WorstRetransmits(Math.Clamp(w.Count, 1, MaxCount)).Select(c => Circuit(flows, c)).ToList());
            case TopFlows t:
                if (!Enum.TryParse<FlowRanking>(t.By, ignoreCase: true, out var ranking))
                    return new Fail($"top flows by '{t.By}': use rate or bytes");
                return new FlowList(flows.TopFlows(ranking, Math.Clamp(t.Count, 1, MaxCount)).Select(f => Flow(f, flows.Latest.AtBootNanoseconds)).ToList());
            case RttHistogram:
                return new RttHistogramReply(FlowInsight.HistogramBucketMs, flows.RttHistogram());
            case GetCircuitFlows c:
                var stats = flows.Circuit(c.CircuitId);
                var list = flows.CircuitFlows(c.CircuitId);
                if (stats is null && list.Count == 0)
                    return new Fail($"circuit {c.CircuitId} has no flows (is the id right? 'lqos top' lists active circuits)");
                return new CircuitFlowsReply(stats is null ? null : Circuit(flows, stats), list.Select(f => Flow(f, flows.Latest.AtBootNanoseconds)).ToList());
            case GetSiteInsights:
                return new SiteInsights(flows.Sites().Values.OrderBy(s => s.Path, StringComparer.Ordinal).Select(Site).ToList());
            case AllUnknownIps:
                return new UnknownIps(flows.UnknownIps.List().Select(u =>
                    new UnknownIpInfo(u.Address.ToString(), u.LastSeen.ToUnixTimeSeconds(), (long)u.DownloadBytes, (long)u.UploadBytes)).ToList());
            case ClearUnknownIps:
                flows.UnknownIps.Clear();
                return Ack.Instance;
            default:
                throw new ArgumentException($"{request.GetType().Name} is not a flow request", nameof(request));
        }
    }

    private static CircuitInsightInfo Circuit(FlowInsight flows, CircuitFlowStats c) => new(
        c.CircuitId, flows.CircuitName(c.CircuitId), Rtt(c.RttDownload), Rtt(c.RttUpload),
        Pair(c.Retransmits), Pair(c.RetransmitsTotal), Pair(c.Packets), c.ActiveFlows);

    private static FlowInfo Flow(TrackedFlow f, ulong now)
    {
        var s = f.Sample;
        return new FlowInfo(s.Flow.Local.ToString(), s.Flow.LocalPort, s.Flow.Remote.ToString(), s.Flow.RemotePort, s.Flow.Protocol, f.CircuitId,
            new DownUp(f.DownloadBitsPerSecond, f.UploadBitsPerSecond),
            new DownUp((long)s.Download.Bytes, (long)s.Upload.Bytes), new DownUp((long)s.Download.Packets, (long)s.Upload.Packets),
            new DownUp(s.Download.Retransmits, s.Upload.Retransmits),
            new DownUp((long)(s.Download.LastRttNanoseconds / 1000), (long)(s.Upload.LastRttNanoseconds / 1000)),
            s.End switch { FlowEnd.Fin => "fin", FlowEnd.Reset => "rst", _ => "alive" },
            now > s.StartBootNanoseconds ? (now - s.StartBootNanoseconds) / 1e9 : 0);
    }

    private static SiteInsightInfo Site(SiteInsight s) =>
        new(s.Path, Pair(s.BitsPerSecond), Rtt(s.RttDownload), Rtt(s.RttUpload), Pair(s.Retransmits), s.Circuits);

    private static RttInfo? Rtt(RttSummary? rtt) => rtt is { } r ? new RttInfo(r.P50Milliseconds, r.P95Milliseconds, r.Samples) : null;

    private static DownUp Pair(DownUpCount c) => new(c.Down, c.Up);
}
