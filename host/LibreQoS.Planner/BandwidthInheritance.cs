namespace LibreQoS.Planner;

/// <summary>
/// Upstream's rate rules for nodes: a missing or zero maximum inherits the parent's; a maximum never exceeds the
/// parent's; the minimum defaults to the maximum (or, when set, is raised to cover its circuits' minimums), never
/// exceeds the parent's minimum, and is finally kept just below the maximum. The root is the link rate.
/// </summary>
internal static class BandwidthInheritance
{
    public static void Apply(IEnumerable<PlanNode> topLevel, double downlinkMbps, double uplinkMbps)
    {
        foreach (var node in topLevel)
        {
            SumCircuitMinimums(node);
            Visit(node, new Limits(downlinkMbps, downlinkMbps), new Limits(uplinkMbps, uplinkMbps));
        }
    }

    /// <summary>
    /// HTB needs rate &lt; ceil to share spare capacity: 1 Mbps below, or 0.01 below ceilings of 1 Mbps and less
    /// (upstream's "ceil - 1" would give a 1 Mbps plan a rate of 0, which tc refuses).
    /// </summary>
    public static double BelowCeiling(double rate, double ceil) =>
        rate < ceil ? rate : ceil > 1 ? ceil - 1 : Math.Max(0.01, ceil - 0.01);

    private readonly record struct Limits(double Max, double Min);

    private static void Visit(PlanNode node, Limits parentDown, Limits parentUp)
    {
        var down = Inherit(node.DownloadMax, node.DownloadMin, node.CircuitMinDownload, parentDown);
        var up = Inherit(node.UploadMax, node.UploadMin, node.CircuitMinUpload, parentUp);
        node.DownloadMax = down.Max;
        node.UploadMax = up.Max;
        node.DownloadRate = BelowCeiling(down.Min, down.Max);
        node.UploadRate = BelowCeiling(up.Min, up.Max);
        foreach (var child in node.Children)
            Visit(child, down, up);
    }

    private static Limits Inherit(double? ownMax, double? ownMin, double circuitMins, Limits parent)
    {
        double max = ownMax is > 0 ? Math.Min(ownMax.Value, parent.Max) : parent.Max;
        double min = ownMin is > 0 ? Math.Max(ownMin.Value, circuitMins) : max;
        return new Limits(max, Math.Min(Math.Min(min, max), parent.Min));
    }

    private static (double Down, double Up) SumCircuitMinimums(PlanNode node)
    {
        double down = node.Circuits.Sum(c => c.Limits.DownloadMin);
        double up = node.Circuits.Sum(c => c.Limits.UploadMin);
        foreach (var child in node.Children)
        {
            var (childDown, childUp) = SumCircuitMinimums(child);
            down += childDown;
            up += childUp;
        }
        node.CircuitMinDownload = down;
        node.CircuitMinUpload = up;
        return (down, up);
    }
}
