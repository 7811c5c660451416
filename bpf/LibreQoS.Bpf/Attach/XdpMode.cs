namespace LibreQoS.Bpf.Attach;

/// <summary>How the XDP program hooks into an interface's receive path.</summary>
public enum XdpMode
{
    /// <summary>Driver mode where it works, else generic mode with a warning (veth always gets generic).</summary>
    Auto,

    /// <summary>In the driver, before any skb is built: fastest, needs driver support.</summary>
    Driver,

    /// <summary>In the core receive path, on skbs: works on any interface, costs more CPU.</summary>
    Generic,
}
