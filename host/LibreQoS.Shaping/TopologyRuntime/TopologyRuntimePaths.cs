using LibreQoS.Config.LqosConf;
using LibreQoS.Config.NetworkJson;
using LibreQoS.Config.Overrides;
using LibreQoS.Config.ShapedDevices;

namespace LibreQoS.Shaping.TopologyRuntime;

/// <summary>Where the topology runtime reads its sources and publishes its outputs (upstream v2.2's layout).</summary>
public sealed class TopologyRuntimePaths(LqosConfig config)
{
    /// <summary>The sources, in the order their bytes enter the source generation.</summary>
    public static IReadOnlyList<string> SourceNames { get; } = [NetworkJsonReader.FileName, ShapedDevicesReader.FileName, OverridesReader.FileName];

    public string LqosDirectory { get; } = config.LqosDirectory;
    public string Topology { get; } = Path.Combine(config.StateDirectory, "topology");
    public string Shaping { get; } = Path.Combine(config.StateDirectory, "shaping");

    public string Status => Path.Combine(Topology, "topology_runtime_status.json");
    public string ShapingInputs => Path.Combine(Shaping, "shaping_inputs.json");
    public string EffectiveNetwork => Path.Combine(Topology, "network.effective.json");
    public string EffectiveState => Path.Combine(Topology, "topology_effective_state.json");

    public IEnumerable<string> Sources => SourceNames.Select(name => Path.Combine(LqosDirectory, name));
}
