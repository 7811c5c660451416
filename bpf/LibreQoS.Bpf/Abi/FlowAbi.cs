using System.Runtime.InteropServices;

namespace LibreQoS.Bpf.Abi;

/// <summary>Mirror of struct flow_key in bpf/include/lqos_abi.h: one flow, remote (Internet) side first.</summary>
[StructLayout(LayoutKind.Sequential)]
[MirrorsC("flow_key")]
internal unsafe struct FlowKey
{
    public fixed byte Remote[16];
    public fixed byte Local[16];
    public ushort RemotePort;
    public ushort LocalPort;
    public byte Protocol;
    public fixed byte Padding[3];
}

/// <summary>Mirror of struct flow_direction in bpf/include/lqos_abi.h: one direction of a flow.</summary>
[StructLayout(LayoutKind.Sequential)]
[MirrorsC("flow_direction")]
internal struct FlowDirectionCounters
{
    public ulong Bytes;
    public ulong Packets;
    public ulong RateWindowStartNs;
    public ulong RateWindowBytes;
    public ulong RateEstimateBps;
    public ulong PendingTsvalNs;
    public ulong LastRttNs;
    public uint PendingTsval;
    public uint LastTsval;
    public uint LastSequence;
    public uint Retransmits;
    public uint SequenceKnown;
    public uint Padding;
}

/// <summary>Mirror of struct flow_data in bpf/include/lqos_abi.h: the value of map_flows.</summary>
[StructLayout(LayoutKind.Sequential)]
[MirrorsC("flow_data")]
internal unsafe struct FlowData
{
    public ulong StartNs;
    public ulong LastSeenNs;
    public FlowDirectionCounters Download;
    public FlowDirectionCounters Upload;
    public ulong CircuitId;
    public ulong DeviceId;
    public uint TcHandle;
    public byte EndStatus;
    public byte Tos;
    public fixed byte Padding[2];
}

/// <summary>Mirror of struct rtt_event in bpf/include/lqos_abi.h: one RTT sample from the ring buffer.</summary>
[StructLayout(LayoutKind.Sequential)]
[MirrorsC("rtt_event")]
internal struct RttEvent
{
    public FlowKey Key;
    public ulong RttNs;
    public uint Direction;
    public uint Padding;
}

/// <summary>Mirror of struct flow_settings in bpf/include/lqos_abi.h: map_flow_settings[0].</summary>
[StructLayout(LayoutKind.Sequential)]
[MirrorsC("flow_settings")]
internal struct FlowSettings
{
    public uint Enabled;
    public uint Padding;
}
