using System.Runtime.InteropServices;

namespace LibreQoS.Bpf.Abi;

/// <summary>Mirror of struct ip_hash_key in bpf/include/lqos_abi.h: the LPM trie key.</summary>
[StructLayout(LayoutKind.Sequential)]
[MirrorsC("ip_hash_key")]
internal unsafe struct IpHashKey
{
    public uint Prefixlen;
    public fixed byte Address[16];
}

/// <summary>Mirror of struct ip_hash_info in bpf/include/lqos_abi.h: where a mapped address's traffic goes.</summary>
[StructLayout(LayoutKind.Sequential)]
[MirrorsC("ip_hash_info")]
internal struct IpHashInfo
{
    public uint Cpu;
    public uint TcHandle;
    public ulong CircuitId;
    public ulong DeviceId;
}

/// <summary>Mirror of struct host_key in bpf/include/lqos_abi.h: the per-host counter key.</summary>
[StructLayout(LayoutKind.Sequential)]
[MirrorsC("host_key")]
internal unsafe struct HostKey
{
    public fixed byte Address[16];
}
