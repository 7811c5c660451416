using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.Files;
using LibreQoS.Config.LqosConf;
using LibreQoS.Config.Validation;
using LibreQoS.Planner;

namespace LibreQoS.Shaping.TopologyRuntime;

/// <summary>
/// The topology runtime's compile step (upstream v2.2 does it in lqosd): network.json, ShapedDevices.csv and
/// lqos_overrides.json, validated as a refresh validates them and with the overrides applied, become
/// shaping_inputs.json and network.effective.json; topology_runtime_status.json is written last. Sources that do
/// not validate publish a status that is not ready, naming why, and the last good outputs stay where they are.
/// One publish at a time: lqosd's file watch and a refresh may ask at once.
/// </summary>
public sealed class TopologyRuntimePublisher(TimeProvider clock)
{
    private const int ErrorsInStatus = 10;
    private readonly Lock _one = new();

    public TopologyRuntimePublisher() : this(TimeProvider.System)
    {
    }

    /// <summary>Compiles and publishes the current sources, unless the published status is already theirs and intact.</summary>
    /// <exception cref="IOException">An output could not be written; the previous status stays.</exception>
    public TopologyRuntimeStatus Publish(LqosConfig config)
    {
        lock (_one)
        {
            var paths = new TopologyRuntimePaths(config);
            string source = TopologyGeneration.OfSources(paths);
            var published = TopologyRuntimeStatus.Read(paths.Status);
            if (published?.Staleness(source) is null && published is { Ready: true })
                return published;

            Directory.CreateDirectory(paths.Topology);
            Directory.CreateDirectory(paths.Shaping);
            var diagnostics = new DiagnosticBag();
            var inputs = ShapingInputs.Load(paths.LqosDirectory, diagnostics);
            var status = inputs is null || diagnostics.HasErrors
                ? Failed(paths, source, published, diagnostics)
                : Compiled(paths, source, inputs, diagnostics.Warnings.Select(w => w.ToString()).ToList());
            OperatorFile.WriteAtomically(paths.Status, status.ToJson());
            return status;
        }
    }

    private TopologyRuntimeStatus Compiled(TopologyRuntimePaths paths, string source, ShapingInputs inputs, List<string> warnings)
    {
        var (network, circuits) = OverridesApplier.Apply(inputs.Network, inputs.Circuits, inputs.Overrides, warnings);
        byte[] effective = EffectiveNetworkJson.ToUtf8(network);
        byte[] shaping = ShapingInputsDocument.From(circuits, network, warnings).ToUtf8();
        var state = new EffectiveStateDocument(TopologyRuntimeStatus.CurrentSchema, source, network.AllNodes().Count(), circuits.Count,
            circuits.Sum(c => c.Devices.Count));
        OperatorFile.WriteAtomically(paths.ShapingInputs, shaping);
        OperatorFile.WriteAtomically(paths.EffectiveNetwork, effective);
        OperatorFile.WriteAtomically(paths.EffectiveState, state.ToUtf8());
        return Status(paths, source, TopologyGeneration.OfBytes(shaping), TopologyGeneration.OfBytes(effective), ready: true, error: null);
    }

    private TopologyRuntimeStatus Failed(TopologyRuntimePaths paths, string source, TopologyRuntimeStatus? lastGood, DiagnosticBag diagnostics)
    {
        var errors = diagnostics.Errors.Select(e => e.ToString()).ToList();
        string more = errors.Count > ErrorsInStatus ? $"; and {errors.Count - ErrorsInStatus} more (lqos validate lists them all)" : "";
        string error = $"Validation failed: {string.Join("; ", errors.Take(ErrorsInStatus))}{more}";
        return Status(paths, source, lastGood?.ShapingGeneration, lastGood?.EffectiveGeneration, ready: false, error);
    }

    private TopologyRuntimeStatus Status(TopologyRuntimePaths paths, string source, string? shaping, string? effective, bool ready, string? error) =>
        new(TopologyRuntimeStatus.CurrentSchema, source, shaping, effective, ready, clock.GetUtcNow().ToUnixTimeSeconds(),
            paths.EffectiveState, paths.EffectiveNetwork, paths.ShapingInputs, error);
}
