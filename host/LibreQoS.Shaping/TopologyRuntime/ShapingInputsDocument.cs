using System.Text.Json;
using LibreQoS.Core.Devices;
using LibreQoS.Core.Network;

namespace LibreQoS.Shaping.TopologyRuntime;

/// <summary>
/// <c>shaping_inputs.json</c>: the circuits as compiled (overrides applied, parents resolved), in the field names
/// upstream v2.2's LibreQoS.py reads. It carries no generation of its own: its generation is the digest of its
/// bytes, named in the status.
/// </summary>
/// <remarks>No time stamp inside: compiling the same sources again gives the same bytes, so the same generation.</remarks>
public sealed record ShapingInputsDocument(int SchemaVersion, IReadOnlyList<string> Warnings, IReadOnlyList<RuntimeCircuit> Circuits)
{
    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, TopologyRuntimeJson.Default.ShapingInputsDocument);

    /// <exception cref="JsonException">The bytes are not a shaping_inputs.json.</exception>
    public static ShapingInputsDocument Parse(byte[] utf8) =>
        JsonSerializer.Deserialize(utf8, TopologyRuntimeJson.Default.ShapingInputsDocument) ?? throw new JsonException("shaping_inputs.json is null");

    public static ShapingInputsDocument From(IReadOnlyList<Circuit> circuits, NetworkTree network, IReadOnlyList<string> warnings) =>
        new(TopologyRuntimeStatus.CurrentSchema, warnings, circuits.Select(c => RuntimeCircuit.From(c, network)).ToList());

    /// <summary>The circuits again, as the planner takes them (one device record per device, the circuit's plan on each).</summary>
    public IReadOnlyList<Circuit> ToCircuits() => Circuit.GroupDevices(Circuits.SelectMany(c => c.ToDevices()));
}

/// <param name="ResolutionSource">How the parent was found: <c>parent_node_id</c>, <c>parent_node</c> (by name) or <c>generated</c> (no parent).</param>
public sealed record RuntimeCircuit(
    string CircuitId,
    string CircuitName,
    string EffectiveParentNodeName,
    string EffectiveParentNodeId,
    string LogicalParentNodeName,
    string LogicalParentNodeId,
    string AnchorNodeId,
    string EffectiveAttachmentId,
    string EffectiveAttachmentName,
    string ResolutionSource,
    double DownloadMinMbps,
    double UploadMinMbps,
    double DownloadMaxMbps,
    double UploadMaxMbps,
    string Comment,
    string? SqmOverride,
    IReadOnlyList<RuntimeDevice> Devices)
{
    public static RuntimeCircuit From(Circuit circuit, NetworkTree network)
    {
        var parent = circuit.ParentNodeId is { Length: > 0 } id ? network.FindById(id) : null;
        string source = parent is not null ? "parent_node_id" : Circuit.IsParentName(circuit.ParentNode) ? "parent_node" : "generated";
        parent ??= Circuit.IsParentName(circuit.ParentNode) ? network.FindByName(circuit.ParentNode) : null;
        string parentName = parent?.Name ?? circuit.ParentNode;
        string parentId = parent?.Id ?? circuit.ParentNodeId;
        var limits = circuit.Limits;
        return new RuntimeCircuit(circuit.CircuitId, circuit.CircuitName, parentName, parentId, parentName, parentId, circuit.AnchorNodeId,
            parentId, parentName, source, limits.DownloadMin, limits.UploadMin, limits.DownloadMax, limits.UploadMax, circuit.Comment,
            circuit.Sqm.Length > 0 ? circuit.Sqm : null, circuit.Devices.Select(RuntimeDevice.From).ToList());
    }

    public IEnumerable<ShapedDevice> ToDevices() => Devices.Select(d => new ShapedDevice(CircuitId, CircuitName, d.DeviceId, d.DeviceName,
        EffectiveParentNodeName, EffectiveParentNodeId, AnchorNodeId, d.Mac, d.Ipv4.Select(IpPrefix.Parse).ToList(), d.Ipv6.Select(IpPrefix.Parse).ToList(),
        new BandwidthLimits(DownloadMinMbps, UploadMinMbps, DownloadMaxMbps, UploadMaxMbps), Comment, SqmOverride ?? "", SourceLine: 0));
}

public sealed record RuntimeDevice(string DeviceId, string DeviceName, string Mac, IReadOnlyList<string> Ipv4, IReadOnlyList<string> Ipv6, string Comment)
{
    public static RuntimeDevice From(ShapedDevice device) => new(device.DeviceId, device.DeviceName, device.Mac,
        device.Ipv4.Select(p => p.ToString()).ToList(), device.Ipv6.Select(p => p.ToString()).ToList(), device.Comment);
}

/// <summary><c>topology_effective_state.json</c>: what the effective topology holds, for operators and the status's <c>effective_state_path</c>.</summary>
public sealed record EffectiveStateDocument(int SchemaVersion, string SourceGeneration, int NodeCount, int CircuitCount, int DeviceCount)
{
    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, TopologyRuntimeJson.Default.EffectiveStateDocument);
}
