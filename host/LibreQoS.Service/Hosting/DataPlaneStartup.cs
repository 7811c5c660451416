using LibreQoS.Bpf;
using LibreQoS.Bpf.DataPlane;
using LibreQoS.Config.LqosConf;
using LibreQoS.Planner;
using LibreQoS.Shaping;

namespace LibreQoS.Service.Hosting;

/// <summary>An attached data plane and how many CPUs it steers traffic to.</summary>
public sealed record DataPlaneSession(ShaperDataPlane DataPlane, int ShapingCpus) : IDisposable
{
    public void Dispose() => DataPlane.Dispose();
}

/// <summary>Loads the XDP/TC programs and attaches them to the configured interfaces at lqosd's start.</summary>
public static class DataPlaneStartup
{
    /// <summary>The loaded and attached data plane, plus what the operator should read; or the one-sentence reason it failed.</summary>
    public static (DataPlaneSession? Session, IReadOnlyList<string> Notes, string? Failure) Start(LqosConfig config, IQueueCounter queues)
    {
        ShaperDataPlane? dataPlane = null;
        try
        {
            var flows = config.Flows ?? new FlowsConfig();
            dataPlane = ShaperDataPlane.Load(config.Lqosd.BpfPinDirectory, flowCapacity: (int)flows.MaxFlows);
            dataPlane.Flows.Enabled = flows.Enabled;
            var report = dataPlane.Attach(Topology(config, queues));
            var notes = dataPlane.LoadWarnings.Concat(report.Warnings)
                .Append(flows.Enabled ? $"Flow tracking on: up to {flows.MaxFlows} flows, idle ones forgotten after {flows.FlowTimeoutSeconds} s" : "Flow tracking off ([flows] enabled = false)")
                .Append($"XDP/TC attached to {string.Join(", ", report.Interfaces.Select(i => $"{i.Name} ({i.Role}, {i.XdpMode})"))}; shaping CPUs {string.Join(",", report.ShapingCpus)}")
                .ToList();
            return (new DataPlaneSession(dataPlane, report.ShapingCpus.Count), notes, null);
        }
        catch (Exception ex) when (ex is BpfException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            dataPlane?.Dispose();
            return (null, [], $"Loading the XDP/TC programs failed: {ex.Message}. lqosd needs root (CAP_BPF, CAP_NET_ADMIN) and the interfaces in lqos.conf.");
        }
    }

    private static ShapingTopology Topology(LqosConfig config, IQueueCounter queues)
    {
        if (config.SingleInterface is { } stick)
        {
            int trees = ShapingPlanner.QueueTrees(config, QueueBudget.Of(config, queues).Available);
            return new OnAStickTopology(stick.Interface, (ushort)stick.InternetVlan, (ushort)stick.NetworkVlan, (uint)trees);
        }
        return new BridgeTopology(config.Bridge!.ToInternet, config.Bridge.ToNetwork);
    }
}
