using LibreQoS.Config.LqosConf;
using LibreQoS.Core.Devices;
using LibreQoS.Core.Network;
using LibreQoS.Core.Overrides;
using LibreQoS.Core.Shaping;

namespace LibreQoS.Planner;

/// <param name="AvailableQueues">HTB trees the interfaces can carry (TX queues, or the configured override); halved on a stick.</param>
public sealed record PlannerInput(LqosConfig Config, NetworkTree Network, IReadOnlyList<Circuit> Circuits, LqosOverrides Overrides, int AvailableQueues)
{
    public PlannerState Previous { get; init; } = PlannerState.Empty;

    /// <summary>Whether the kernel has a qdisc kind; null (dry runs, tests of the plan alone) assumes it does.</summary>
    public Func<string, bool>? KernelHasQdisc { get; init; }

    /// <summary>Entries the XDP IP map holds; a plan needing more is refused.</summary>
    public int MaxIpMappings { get; init; } = DefaultMaxIpMappings;

    public const int DefaultMaxIpMappings = 1 << 20;
}

public sealed record PlanResult(ShapingPlan Plan, PlannerState State, IReadOnlyList<string> Warnings);
