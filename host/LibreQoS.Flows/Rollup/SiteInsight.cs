using LibreQoS.Flows.Tracking;

namespace LibreQoS.Flows.Rollup;

/// <summary>One network.json node's traffic and flow figures, summed or pooled over every circuit beneath it.</summary>
/// <param name="Circuits">Circuits beneath the node that had data this tick.</param>
public sealed record SiteInsight(string Path, DownUpCount BitsPerSecond, RttSummary? RttDownload, RttSummary? RttUpload, DownUpCount Retransmits, int Circuits);

/// <summary>A circuit's figures for this tick, what <see cref="SiteInsightRollup"/> rolls up.</summary>
public sealed record CircuitInsightInput(string ParentPath, DownUpCount BitsPerSecond, CircuitFlowStats? Flows);

/// <summary>Rolls throughput, RTT and retransmits up the tree.</summary>
public static class SiteInsightRollup
{
    private sealed class Accumulator
    {
        public DownUpCount Bits;
        public DownUpCount Retransmits;
        public int Circuits;
        public readonly List<double> RttDown = [];
        public readonly List<double> RttUp = [];
    }

    /// <summary>
    /// A node's RTT percentiles pool its circuits' medians (one vote per circuit with an RTT), so that one busy
    /// circuit does not speak for a whole site.
    /// </summary>
    public static Dictionary<string, SiteInsight> Roll(IEnumerable<CircuitInsightInput> circuits)
    {
        var nodes = SiteRollup.Roll<CircuitInsightInput, Accumulator>(circuits.Select(c => (c.ParentPath, c)), () => new Accumulator(), (acc, c) =>
        {
            acc.Bits += c.BitsPerSecond;
            acc.Circuits++;
            if (c.Flows is { } flows)
            {
                acc.Retransmits += flows.Retransmits;
                if (flows.RttDownload is { } down)
                    acc.RttDown.Add(down.P50Milliseconds);
                if (flows.RttUpload is { } up)
                    acc.RttUp.Add(up.P50Milliseconds);
            }
            return acc;
        });
        return nodes.ToDictionary(n => n.Key, n => new SiteInsight(n.Key, n.Value.Bits,
            RttSummary.Of(n.Value.RttDown.ToArray()), RttSummary.Of(n.Value.RttUp.ToArray()), n.Value.Retransmits, n.Value.Circuits), StringComparer.Ordinal);
    }
}
