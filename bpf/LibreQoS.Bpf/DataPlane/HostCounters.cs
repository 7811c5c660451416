using LibreQoS.Core.Network;

namespace LibreQoS.Bpf.DataPlane;

/// <summary>
/// Traffic of one customer-side address since its counters were created, summed over CPUs. Every IP packet
/// crossing a shaped interface is counted, mapped or not: an unmapped host shows <see cref="TcHandle"/> 0.
/// Bytes are whole frames as received (Ethernet header included).
/// </summary>
/// <param name="LastSeenBootNanoseconds">CLOCK_BOOTTIME of the newest packet, in nanoseconds.</param>
public sealed record HostCounters(
    IpPrefix Host,
    ulong DownloadBytes,
    ulong UploadBytes,
    ulong DownloadPackets,
    ulong UploadPackets,
    ulong TcpDownloadPackets,
    ulong TcpUploadPackets,
    ulong UdpDownloadPackets,
    ulong UdpUploadPackets,
    ulong IcmpDownloadPackets,
    ulong IcmpUploadPackets,
    uint TcHandle,
    ulong CircuitId,
    ulong DeviceId,
    ulong LastSeenBootNanoseconds);
