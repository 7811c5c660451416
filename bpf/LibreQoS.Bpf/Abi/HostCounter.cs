using System.Runtime.InteropServices;

namespace LibreQoS.Bpf.Abi;

/// <summary>Mirror of struct host_counter in bpf/include/lqos_abi.h: one CPU's tallies for one host.</summary>
[StructLayout(LayoutKind.Sequential)]
[MirrorsC("host_counter")]
internal struct HostCounter
{
    public ulong DownloadBytes;
    public ulong UploadBytes;
    public ulong DownloadPackets;
    public ulong UploadPackets;
    public ulong TcpDownloadPackets;
    public ulong TcpUploadPackets;
    public ulong UdpDownloadPackets;
    public ulong UdpUploadPackets;
    public ulong IcmpDownloadPackets;
    public ulong IcmpUploadPackets;
    public uint TcHandle;
    public uint Padding;
    public ulong CircuitId;
    public ulong DeviceId;
    public ulong LastSeenNs;
}
