using System.Text;
using LibreQoS.Core.Shaping;

namespace LibreQoS.Planner.Tests;

/// <summary>A plan as reviewable text for golden files: one line per node, circuit and mapping.</summary>
internal static class PlanText
{
    public static string Render(ShapingPlan plan)
    {
        var text = new StringBuilder();
        var i = plan.Interfaces;
        text.AppendLine($"queues {plan.QueueCount}, download on {i.Download}, upload on {i.Upload}, stick offset {i.StickOffset}, link {plan.DownlinkMbps}/{plan.UplinkMbps} Mbps, infrastructure leaf {plan.InfrastructureLeaf?.ToString() ?? "none"}");
        foreach (var n in plan.Nodes)
            text.AppendLine($"node {n.Path}: queue {n.Queue} minor {n.Minor:x} parent {n.ParentMinor:x} depth {n.Depth} down {Rate(n.Download)} up {Rate(n.Upload)}{(n.IsGenerated ? " generated" : "")}");
        foreach (var c in plan.Circuits)
        {
            text.AppendLine($"circuit {c.CircuitId} '{c.CircuitName}' under {c.ParentPath}: queue {c.Queue} minor {c.Minor:x} parent {c.ParentMinor:x} " +
                $"down {Rate(c.Download)} [{c.DownloadLeaf?.ToString() ?? "no leaf"}] up {Rate(c.Upload)} [{c.UploadLeaf?.ToString() ?? "no leaf"}]");
        }
        foreach (var m in plan.IpMappings())
            text.AppendLine($"map {m.Prefix} -> {m.Handle} cpu {m.Cpu}{(m.Upload ? " upload" : "")} ({m.CircuitId}/{m.DeviceId})");
        return text.ToString();
    }

    private static string Rate(RateLimit r) => $"{r.RateMbps}/{r.CeilMbps}";
}
