namespace LibreQoS.Bpf.DataPlane;

/// <summary>Which interfaces the data plane shapes, and how they face the network (lqos.conf's bridge section).</summary>
public abstract record ShapingTopology
{
    private protected ShapingTopology()
    {
    }
}

/// <summary>
/// Two interfaces bridged together: download is shaped leaving <paramref name="ToIsp"/> (keyed by destination),
/// upload leaving <paramref name="ToInternet"/> (keyed by source).
/// </summary>
public sealed record BridgeTopology(string ToInternet, string ToIsp) : ShapingTopology;

/// <summary>
/// One trunk carrying both sides as VLANs. Frames arriving on one VLAN leave on the other; upload classes live
/// <paramref name="StickOffset"/> HTB trees (and CPUs) above download ones, so a mapping's upload handle is its
/// handle plus <c>StickOffset &lt;&lt; 16</c>.
/// </summary>
/// <param name="InternetVlan">VLAN id (1-4094) of the Internet side.</param>
/// <param name="IspVlan">VLAN id of the ISP (customer) side.</param>
/// <param name="StickOffset">Upstream: min(transmit queues, shaping CPUs) / 2.</param>
public sealed record OnAStickTopology(string Interface, ushort InternetVlan, ushort IspVlan, uint StickOffset) : ShapingTopology;
