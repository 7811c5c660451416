using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.LqosConf;
using LibreQoS.Core.Devices;
using LibreQoS.Core.Network;
using LibreQoS.Core.Overrides;

namespace LibreQoS.Planner.Tests;

/// <summary>Builds planner inputs in code: a config from the minimal fixture plus edits, nodes and circuits.</summary>
internal static class PlannerFixture
{
    public static LqosConfig Config(Func<QueuesConfig, QueuesConfig>? queues = null)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "lqos-minimal.conf"));
        var config = LqosConfigReader.Parse(text, "lqos.conf", new DiagnosticBag())!;
        return queues is null ? config : config with { Queues = queues(config.Queues) };
    }

    public static NetworkNode Node(string name, double down = 1000, double up = 1000, params NetworkNode[] children) =>
        new(name, null, null, "site", false, down, up, null, null, null, null, children, 0);

    public static Circuit Circuit(string id, string parent, double downMax = 100, double upMax = 20, string sqm = "", string? ip = null) =>
        Core.Devices.Circuit.GroupDevices([Device(id, parent, downMax, upMax, sqm, ip)])[0];

    public static ShapedDevice Device(string circuit, string parent, double downMax = 100, double upMax = 20, string sqm = "", string? ip = null) =>
        new(circuit, $"Name {circuit}", $"D-{circuit}", "cpe", parent, "", "", "",
            ip is null ? [] : [IpPrefix.Parse(ip)], [], new BandwidthLimits(downMax / 4, upMax / 4, downMax, upMax), "", sqm, 0);

    public static PlanResult Plan(NetworkTree network, IReadOnlyList<Circuit> circuits, int queues = 2, LqosConfig? config = null,
        PlannerState? previous = null, LqosOverrides? overrides = null, Func<string, bool>? kernelHas = null, int maxMappings = PlannerInput.DefaultMaxIpMappings) =>
        ShapingPlanner.Plan(new PlannerInput(config ?? Config(), network, circuits, overrides ?? LqosOverrides.Empty, queues)
        {
            Previous = previous ?? PlannerState.Empty,
            KernelHasQdisc = kernelHas,
            MaxIpMappings = maxMappings,
        });
}
