using System.Runtime.InteropServices;

namespace LibreQoS.Bpf.Abi;

/// <summary>Mirror of struct interface_config in bpf/include/lqos_abi.h: how the programs treat one interface.</summary>
[StructLayout(LayoutKind.Sequential)]
[MirrorsC("interface_config")]
internal struct InterfaceConfig
{
    public uint Direction;
    public ushort InternetVlan;
    public ushort IspVlan;
    public uint StickOffset;
}

/// <summary>Mirror of struct txq_config in bpf/include/lqos_abi.h: the transmit queue of one CPU.</summary>
[StructLayout(LayoutKind.Sequential)]
[MirrorsC("txq_config")]
internal struct TxqConfig
{
    public uint QueueMapping;
}
