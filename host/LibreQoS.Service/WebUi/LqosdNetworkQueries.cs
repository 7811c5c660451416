using LibreQoS.Service.State;
using LibreQoS.WebUi.Dashboard;
using LibreQoS.WebUi.Network;

namespace LibreQoS.Service.WebUi;

/// <summary>The applied plan's tree and CPU placement; a node's live rate is the sum of the circuits beneath it.</summary>
public sealed class LqosdNetworkQueries(AppliedPlanCache plan, IThroughputSource throughput) : INetworkQueries
{
    public NetworkTreeView Tree()
    {
        var index = plan.Current;
        var nodes = index.Plan.Nodes;
        var rates = new DownUpRate[nodes.Count];
        var counts = new int[nodes.Count];
        foreach (var circuit in index.Plan.Circuits)
        {
            var rate = Rate(circuit.CircuitId);
            foreach (int node in index.NodeAndAncestors(circuit.ParentPath))
            {
                rates[node] = LiveRates.Add(rates[node], rate);
                counts[node]++;
            }
        }
        var views = nodes.Select((n, i) => new NodeView(n.Path, n.Name, ParentOf(n.Path), n.Depth, n.Queue, n.Download.CeilMbps, n.Upload.CeilMbps,
            counts[i], rates[i])).ToList();
        return new NetworkTreeView(views, index.Plan.DownlinkMbps, index.Plan.UplinkMbps);
    }

    public CpuView Cpu()
    {
        var p = plan.Current.Plan;
        var circuitsByQueue = p.Circuits.GroupBy(c => c.Queue).ToDictionary(g => g.Key, g => g.ToList());
        var circuitsByTopNode = p.Circuits.GroupBy(c => TopLevelOf(c.ParentPath)).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var queues = Enumerable.Range(1, p.QueueCount).Select(q =>
        {
            var tops = p.Nodes.Where(n => n.Queue == q && n.ParentMinor == 0)
                .Select(n => new CpuNodeView(n.Name, circuitsByTopNode.GetValueOrDefault(n.Path), n.Download.CeilMbps)).ToList();
            var circuits = circuitsByQueue.GetValueOrDefault(q) ?? [];
            var rate = circuits.Aggregate(default(DownUpRate), (sum, c) => LiveRates.Add(sum, Rate(c.CircuitId)));
            return new CpuQueueView(q, tops, circuits.Count, tops.Sum(t => t.DownloadMaxMbps), rate);
        }).ToList();
        return new CpuView(queues);
    }

    private DownUpRate Rate(string circuitId) =>
        throughput.Circuit(circuitId) is { } stats ? LiveRates.From(stats.Circuit.BitsPerSecond) : default;

    private static string ParentOf(string path) => path.LastIndexOf('/') is var slash and > 0 ? path[..slash] : "";

    private static string TopLevelOf(string path) => path.IndexOf('/') is var slash and > 0 ? path[..slash] : path;
}
