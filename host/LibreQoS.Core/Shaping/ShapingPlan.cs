using System.Text.Json.Serialization;
using LibreQoS.Core.Network;

namespace LibreQoS.Core.Shaping;

/// <summary>Guaranteed rate (HTB <c>rate</c>) and ceiling (HTB <c>ceil</c>) in Mbps.</summary>
public readonly record struct RateLimit(double RateMbps, double CeilMbps);

/// <summary>A leaf qdisc as tc tokens, e.g. <c>["cake", "diffserv4", "rtt", "300ms"]</c>; null in a plan means no leaf.</summary>
public sealed record LeafQdisc(IReadOnlyList<string> Tokens)
{
    [JsonIgnore]
    public string Kind => Tokens[0];

    public bool Equals(LeafQdisc? other) => ReferenceEquals(this, other) || (other is not null && Tokens.SequenceEqual(other.Tokens));

    public override int GetHashCode() => string.Join(' ', Tokens).GetHashCode(StringComparison.Ordinal);

    public override string ToString() => string.Join(' ', Tokens);
}

/// <summary>The interfaces a plan shapes: download on the ISP-facing one, upload on the Internet-facing one.</summary>
/// <param name="StickOffset">On a stick, the upload trees use majors <c>q + StickOffset</c>; 0 with two interfaces.</param>
public sealed record PlanInterfaces(string Download, string Upload, bool OnAStick, int StickOffset)
{
    [JsonIgnore]
    public IEnumerable<string> Distinct => OnAStick ? [Download] : [Download, Upload];
}

/// <summary>A site, AP or other network.json node as an HTB class in each direction.</summary>
/// <param name="Queue">1-based CPU queue; the class lives in HTB tree <c>Queue:</c> (download) and <c>Queue+StickOffset:</c> (upload).</param>
/// <param name="ParentMinor">Minor of the parent node's class, or 0 when the node hangs off the queue's qdisc root.</param>
/// <param name="Path">Names from the top level down, joined with '/'; identifies the node across runs.</param>
public sealed record PlannedNode(string Name, string Path, int Queue, ushort Minor, ushort ParentMinor, int Depth,
    RateLimit Download, RateLimit Upload, bool IsGenerated);

/// <summary>A circuit as an HTB class (plus optional leaf qdisc) in each direction.</summary>
public sealed record PlannedCircuit(string CircuitId, string CircuitName, string ParentPath, int Queue, ushort Minor, ushort ParentMinor,
    RateLimit Download, RateLimit Upload, LeafQdisc? DownloadLeaf, LeafQdisc? UploadLeaf, IReadOnlyList<PlannedDevice> Devices);

public sealed record PlannedDevice(string DeviceId, IReadOnlyList<IpPrefix> Addresses);

/// <summary>One entry of the XDP LPM map: traffic for <see cref="Prefix"/> goes to <see cref="Cpu"/> and class <see cref="Handle"/>.</summary>
public sealed record IpMapping(IpPrefix Prefix, TcHandle Handle, int Cpu, bool Upload, string CircuitId, string DeviceId);

/// <summary>
/// Everything needed to build the tc trees and the XDP mappings: the output of the planner, the input of the tc
/// applier. Nodes are in depth-first order (parents before children); circuits follow their node's order.
/// </summary>
public sealed record ShapingPlan(
    PlanInterfaces Interfaces,
    int QueueCount,
    double DownlinkMbps,
    double UplinkMbps,
    LeafQdisc? InfrastructureLeaf,
    bool ObserveOnly,
    IReadOnlyList<PlannedNode> Nodes,
    IReadOnlyList<PlannedCircuit> Circuits)
{

    public ushort UploadMajor(int queue) => (ushort)(queue + Interfaces.StickOffset);

    /// <summary>
    /// The XDP mappings: every device address to its circuit's class and CPU; twice on a stick (the second for
    /// upload). None in observe mode, where there are no classes to steer into (as upstream HEAD).
    /// </summary>
    /// <summary>How many entries <see cref="IpMappings"/> yields, counted without building them.</summary>
    public int IpMappingCount()
    {
        if (ObserveOnly)
            return 0;
        int addresses = 0;
        foreach (var circuit in Circuits)
        {
            foreach (var device in circuit.Devices)
                addresses += device.Addresses.Count;
        }
        return Interfaces.OnAStick ? addresses * 2 : addresses;
    }

    public IEnumerable<IpMapping> IpMappings()
    {
        if (ObserveOnly)
            yield break;
        foreach (var circuit in Circuits)
        {
            foreach (var device in circuit.Devices)
            {
                foreach (var prefix in device.Addresses)
                {
                    yield return new IpMapping(prefix, new TcHandle(TcHandle.DownloadMajorOf(circuit.Queue), circuit.Minor), circuit.Queue - 1, false,
                        circuit.CircuitId, device.DeviceId);
                    if (Interfaces.OnAStick)
                    {
                        yield return new IpMapping(prefix, new TcHandle(UploadMajor(circuit.Queue), circuit.Minor),
                            circuit.Queue - 1 + Interfaces.StickOffset, true, circuit.CircuitId, device.DeviceId);
                    }
                }
            }
        }
    }
}
