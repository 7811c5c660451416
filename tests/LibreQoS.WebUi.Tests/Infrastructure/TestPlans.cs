using System.Net;
using LibreQoS.Core.Network;
using LibreQoS.Core.Shaping;

namespace LibreQoS.WebUi.Tests.Infrastructure;

/// <summary>Synthetic applied plans: top-level sites spread over the queues, an AP under each, circuits under the APs.</summary>
public static class TestPlans
{
    public static ShapingPlan Build(int sites, int circuitsPerSite, int queues = 2)
    {
        var nodes = new List<PlannedNode>();
        var circuits = new List<PlannedCircuit>();
        ushort minor = 3;
        int address = 0;
        for (int s = 0; s < sites; s++)
        {
            int queue = s % queues + 1;
            string site = $"Site_{s + 1}";
            ushort siteMinor = minor++;
            nodes.Add(new PlannedNode(site, site, queue, siteMinor, 0, 1, new RateLimit(500, 1000), new RateLimit(250, 500), false));
            string ap = $"{site}/AP_{s + 1}";
            ushort apMinor = minor++;
            nodes.Add(new PlannedNode($"AP_{s + 1}", ap, queue, apMinor, siteMinor, 2, new RateLimit(250, 500), new RateLimit(100, 200), false));
            for (int c = 0; c < circuitsPerSite; c++)
            {
                int n = s * circuitsPerSite + c + 1;
                var ip = IpPrefix.Parse(new IPAddress([100, (byte)(64 + (address >> 16)), (byte)(address >> 8 & 0xff), (byte)(address & 0xff)]).ToString());
                address++;
                circuits.Add(new PlannedCircuit($"C{n}", $"Customer {n} Smith", ap, queue, minor++, apMinor, new RateLimit(20, 100), new RateLimit(5, 20),
                    new LeafQdisc(["cake", "diffserv4"]), new LeafQdisc(["cake", "diffserv4"]), [new PlannedDevice($"D{n}", [ip])]));
            }
        }
        return new ShapingPlan(new PlanInterfaces("eth1", "eth0", false, 0), queues, 10_000, 10_000, null, false, nodes, circuits);
    }

    /// <summary>
    /// A plan from node paths listed parents first (e.g. "Region_1", "Region_1/Site_A"), each with the number of
    /// circuits attached to it directly; every top-level node and its subtree share one queue.
    /// </summary>
    public static ShapingPlan FromTree(params (string Path, int Circuits)[] tree)
    {
        var nodes = new List<PlannedNode>();
        var circuits = new List<PlannedCircuit>();
        var minors = new Dictionary<string, ushort>(StringComparer.Ordinal);
        var queues = new Dictionary<string, int>(StringComparer.Ordinal);
        ushort minor = 3;
        foreach (var (path, count) in tree)
        {
            int slash = path.LastIndexOf('/');
            string parent = slash > 0 ? path[..slash] : "";
            string top = path.Split('/')[0];
            int queue = queues.TryGetValue(top, out int q) ? q : queues[top] = queues.Count % 2 + 1;
            ushort nodeMinor = minors[path] = minor++;
            int depth = path.Count(c => c == '/') + 1;
            nodes.Add(new PlannedNode(path[(slash + 1)..], path, queue, nodeMinor, parent.Length == 0 ? (ushort)0 : minors[parent], depth,
                new RateLimit(250, 1000), new RateLimit(100, 500), false));
            for (int c = 0; c < count; c++)
            {
                int n = circuits.Count + 1;
                var ip = IpPrefix.Parse($"100.64.{n >> 8}.{n & 0xff}");
                circuits.Add(new PlannedCircuit($"C{n}", $"Customer {n} Smith", path, queue, minor++, nodeMinor, new RateLimit(20, 100), new RateLimit(5, 20),
                    new LeafQdisc(["cake", "diffserv4"]), new LeafQdisc(["cake", "diffserv4"]), [new PlannedDevice($"D{n}", [ip])]));
            }
        }
        return new ShapingPlan(new PlanInterfaces("eth1", "eth0", false, 0), 2, 10_000, 10_000, null, false, nodes, circuits);
    }
}
