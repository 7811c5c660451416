using LibreQoS.Core.Network;

namespace LibreQoS.Bpf.DataPlane;

/// <summary>
/// Where the traffic of an address or prefix goes: upstream's MapIpToFlow. A longer prefix wins over a shorter
/// one covering the same host.
/// </summary>
/// <param name="Prefix">The customer-side address or network.</param>
/// <param name="Cpu">Logical shaping CPU, 0-based, as the planner numbers them (upstream's cpu field).</param>
/// <param name="TcHandle">HTB class id, major &lt;&lt; 16 | minor (tc's "major:minor" in hex); 0 counts the host but leaves it unshaped.</param>
/// <param name="CircuitId">Hash of the circuit id (upstream's SipHash-1-3 of the text, §2.2); reported back in host counters.</param>
/// <param name="DeviceId">Hash of the device id, likewise.</param>
public readonly record struct IpMapping(IpPrefix Prefix, uint Cpu, uint TcHandle, ulong CircuitId, ulong DeviceId);
