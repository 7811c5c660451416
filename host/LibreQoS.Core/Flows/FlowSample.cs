using LibreQoS.Core.Network;

namespace LibreQoS.Core.Flows;

/// <summary>Which way traffic travels through the shaper: download towards the customer, upload away from them.</summary>
public enum FlowDirection
{
    Download,
    Upload,
}

/// <summary>How a flow ended, as far as the shaper saw: still open, closed by a FIN, or reset.</summary>
public enum FlowEnd
{
    Alive,
    Fin,
    Reset,
}

/// <summary>One flow's 5-tuple. Remote is the Internet side, local the customer side, whichever way a packet goes.</summary>
/// <param name="Protocol">The IP protocol number (6 TCP, 17 UDP, 1 ICMP...); ports are 0 for protocols without them.</param>
public readonly record struct FlowTuple(IpPrefix Remote, IpPrefix Local, ushort RemotePort, ushort LocalPort, byte Protocol)
{
    public override string ToString() => $"{Local}:{LocalPort} <-> {Remote}:{RemotePort} proto {Protocol}";
}

/// <summary>One direction of a flow since it was first seen.</summary>
/// <param name="RateBitsPerSecond">The kernel's estimate over its last completed window of about a second.</param>
/// <param name="Retransmits">TCP segments with payload whose sequence number went backwards.</param>
/// <param name="LastRttNanoseconds">The newest RTT sample of this direction (0 before the first).</param>
public readonly record struct FlowWay(ulong Bytes, ulong Packets, ulong RateBitsPerSecond, uint Retransmits, ulong LastRttNanoseconds);

/// <summary>
/// A flow as the data plane last saw it. Times are CLOCK_BOOTTIME nanoseconds; circuit and device are the hashes
/// of the local address's mapping when the newest packet passed (0 when unmapped).
/// </summary>
public sealed record FlowSample(
    FlowTuple Flow,
    FlowWay Download,
    FlowWay Upload,
    ulong StartBootNanoseconds,
    ulong LastSeenBootNanoseconds,
    uint TcHandle,
    ulong CircuitId,
    ulong DeviceId,
    FlowEnd End,
    byte Tos);

/// <summary>
/// One RTT sample: how long a TCP timestamp took to come back echoed. Download: it went towards the customer and
/// back (the customer side of the path); upload: towards the Internet and back.
/// </summary>
public readonly record struct RttSample(FlowTuple Flow, FlowDirection Direction, ulong RttNanoseconds);
