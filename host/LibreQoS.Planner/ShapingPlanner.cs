using LibreQoS.Core.Devices;
using LibreQoS.Core.Shaping;

namespace LibreQoS.Planner;

/// <summary>
/// The heart of LibreQoS.py as a pure function: config + network.json + circuits + overrides → per-queue HTB
/// trees, leaf qdiscs and IP mappings. Follows upstream v2.0's semantics (see docs/compat.md for where we differ);
/// refuses, naming the queue or node, whatever the kernel could not hold.
/// </summary>
public static class ShapingPlanner
{
    public static PlanResult Plan(PlannerInput input)
    {
        var config = input.Config;
        var queues = config.Queues;
        var warnings = new List<string>();
        int queueCount = QueueTrees(config, input.AvailableQueues);
        if (queueCount < 1)
        {
            throw new PlanningException(config.OnAStick
                ? $"on a stick the interface needs at least 2 TX queues (one per direction); {config.InterfaceA} has {input.AvailableQueues}"
                : $"the interfaces need at least 1 TX queue; found {input.AvailableQueues}");
        }

        var (network, circuits) = OverridesApplier.Apply(input.Network, input.Circuits, input.Overrides, warnings);
        var topLevel = PhysicalTreeBuilder.Build(network, circuits, queueCount, queues.UseBinpacking,
            queues.GeneratedPnDownloadMbps, queues.GeneratedPnUploadMbps, warnings);
        BandwidthInheritance.Apply(topLevel, queues.DownlinkBandwidthMbps, queues.UplinkBandwidthMbps);
        PhysicalTreeBuilder.Flatten(topLevel);

        var previous = input.Previous.QueueCount == queueCount ? input.Previous : PlannerState.Empty;
        QueuePlacement.Assign(topLevel, queueCount, queues.UseBinpacking, previous.TopLevelQueues);
        var circuitMinors = ClassIdAllocator.Assign(topLevel, queueCount, previous);

        var leaves = new LeafQdiscPolicy(queues.DefaultSqm, queues.EffectiveFastQueuesFqCodel, queues.FallbackSqm, input.KernelHasQdisc, warnings);
        var nodes = topLevel.SelectMany(n => n.SelfAndDescendants()).ToList();
        var plannedCircuits = PlanCircuits(nodes, circuitMinors, leaves);
        var plan = new ShapingPlan(
            new PlanInterfaces(config.InterfaceA, config.InterfaceB, config.OnAStick, config.OnAStick ? queueCount : 0),
            queueCount,
            queues.DownlinkBandwidthMbps,
            queues.UplinkBandwidthMbps,
            leaves.Infrastructure(),
            queues.ObserveOnly,
            nodes.Select(ToPlannedNode).ToList(),
            plannedCircuits);

        int mappings = plan.IpMappingCount();
        if (mappings > input.MaxIpMappings)
        {
            throw new PlanningException($"the plan needs {mappings:N0} IP mappings but the XDP map holds {input.MaxIpMappings:N0}; " +
                "merge addresses into prefixes in ShapedDevices.csv or remove unused devices");
        }
        return new PlanResult(plan, StateOf(queueCount, topLevel, nodes, plannedCircuits), warnings);
    }

    /// <summary>HTB trees per direction: every available queue, or half of them on a stick (the other half uploads).</summary>
    public static int QueueTrees(Config.LqosConf.LqosConfig config, int availableQueues) => config.OnAStick ? availableQueues / 2 : availableQueues;

    private static List<PlannedCircuit> PlanCircuits(List<PlanNode> nodes, Dictionary<string, ushort> minors, LeafQdiscPolicy leaves)
    {
        var planned = new List<PlannedCircuit>(minors.Count);
        foreach (var node in nodes)
        {
            foreach (var circuit in node.CircuitsByName)
            {
                var limits = circuit.Limits;
                planned.Add(new PlannedCircuit(
                    circuit.CircuitId,
                    circuit.CircuitName,
                    node.Path,
                    node.Queue,
                    minors[circuit.CircuitId],
                    node.Minor,
                    new RateLimit(BandwidthInheritance.BelowCeiling(limits.DownloadMin, limits.DownloadMax), limits.DownloadMax),
                    new RateLimit(BandwidthInheritance.BelowCeiling(limits.UploadMin, limits.UploadMax), limits.UploadMax),
                    leaves.ForCircuit(circuit.Sqm, download: true, limits.DownloadMax),
                    leaves.ForCircuit(circuit.Sqm, download: false, limits.UploadMax),
                    circuit.Devices.Select(d => new PlannedDevice(d.DeviceId, [.. d.Ipv4, .. d.Ipv6])).ToList()));
            }
        }
        return planned;
    }

    private static PlannedNode ToPlannedNode(PlanNode node) => new(
        node.Name,
        node.Path,
        node.Queue,
        node.Minor,
        node.Parent?.Minor ?? 0,
        node.Depth,
        new RateLimit(node.DownloadRate, node.DownloadMax!.Value),
        new RateLimit(node.UploadRate, node.UploadMax!.Value),
        node.IsGenerated);

    private static PlannerState StateOf(int queueCount, List<PlanNode> topLevel, List<PlanNode> nodes, List<PlannedCircuit> circuits) => new(
        queueCount,
        topLevel.Where(n => !n.IsGenerated).ToDictionary(n => n.Name, n => n.Queue, StringComparer.Ordinal),
        nodes.ToDictionary(n => n.Path, n => new ClassIdentity(n.Queue, n.Minor, n.Parent?.Path ?? ""), StringComparer.Ordinal),
        circuits.ToDictionary(c => c.CircuitId, c => new ClassIdentity(c.Queue, c.Minor, c.ParentPath), StringComparer.Ordinal));
}
