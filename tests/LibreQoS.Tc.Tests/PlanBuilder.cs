using LibreQoS.Core.Shaping;

namespace LibreQoS.Tc.Tests;

/// <summary>Hand-made plans for tc tests: one site per queue given, circuits under them.</summary>
internal static class PlanBuilder
{
    public static readonly LeafQdisc Cake = new(["cake", "diffserv4"]);

    public static ShapingPlan Plan(IReadOnlyList<PlannedNode> nodes, IReadOnlyList<PlannedCircuit> circuits, int queues = 2, double link = 1000) =>
        new(new PlanInterfaces("isp0", "inet0", false, 0), queues, link, link, Cake, false, nodes, circuits);

    public static PlannedNode Site(string name, int queue, ushort minor, ushort parentMinor = 0, double ceil = 500) =>
        new(name, name, queue, minor, parentMinor, 1, new RateLimit(ceil - 1, ceil), new RateLimit(ceil - 1, ceil), false);

    public static PlannedCircuit Circuit(string id, int queue, ushort minor, ushort parentMinor, double ceil = 100, LeafQdisc? leaf = null) =>
        new(id, id, "site", queue, minor, parentMinor, new RateLimit(ceil / 4, ceil), new RateLimit(ceil / 8, ceil / 2), leaf ?? Cake, leaf ?? Cake, []);
}
