using LibreQoS.Bpf.Native;

namespace LibreQoS.Bpf.Attach;

/// <summary>
/// An XDP program attached to one interface through netlink. The attachment belongs to the interface, so it
/// keeps classifying if lqosd dies; <see cref="Detach"/> (or the next attach, which replaces it) ends it.
/// </summary>
internal sealed record XdpAttachment(string Interface, int IfIndex, XdpMode Mode)
{
    /// <summary>
    /// Native XDP on veth hands cpumap whole GSO frames it cannot rebuild, which breaks TCP through the shaper;
    /// generic mode works there.
    /// </summary>
    private const string VethDriver = "veth";

    public static XdpAttachment Attach(string name, int ifindex, int programFd, XdpMode requested, ICollection<string> warnings)
    {
        using var log = LibBpfLog.Capture(); // netlink errors come with the kernel's explanation
        var mode = requested;
        if (mode == XdpMode.Auto)
        {
            if (NetworkInterfaces.DriverOf(name) == VethDriver)
            {
                warnings.Add($"{name} is a veth: attaching XDP in generic mode, because cpumap redirects from native XDP on veth break TCP.");
                mode = XdpMode.Generic;
            }
            else
            {
                int result = TryAttach(ifindex, programFd, XdpMode.Driver, name, warnings);
                if (result == 0)
                    return new XdpAttachment(name, ifindex, XdpMode.Driver);
                warnings.Add($"{name}: XDP in driver mode failed ({Errno.Describe(-result)}, {Errno.NameOf(-result)}); " +
                             "falling back to generic mode, which costs more CPU per packet. Check that the NIC driver supports XDP.");
                mode = XdpMode.Generic;
            }
        }
        BpfException.ThrowIfFailed(TryAttach(ifindex, programFd, mode, name, warnings), $"Attaching XDP to {name} in {ModeText(mode)} mode");
        return new XdpAttachment(name, ifindex, mode);
    }

    public void Detach()
    {
        unsafe
        {
            using var log = LibBpfLog.Capture();
            int result = LibBpf.bpf_xdp_detach(IfIndex, Flags(Mode), null);
            if (result != -Errno.ENODEV) // the interface is gone, and its program with it
                BpfException.ThrowIfFailed(result, $"Detaching XDP from {Interface}");
        }
    }

    /// <returns>0 or -errno.</returns>
    private static unsafe int TryAttach(int ifindex, int programFd, XdpMode mode, string name, ICollection<string> warnings)
    {
        int result = LibBpf.bpf_xdp_attach(ifindex, programFd, Flags(mode), null);
        if (result is not (-Errno.EEXIST or -Errno.EBUSY))
            return result;

        // A program attached in the other mode (an earlier run with other settings, or another tool) is replaced;
        // with none attached, the refusal has another cause (such as a program on an upper device) and stands.
        uint previous = 0;
        if (LibBpf.bpf_xdp_query_id(ifindex, 0, &previous) != 0 || previous == 0)
            return result;
        warnings.Add($"{name}: replacing the XDP program already attached (id {previous}).");
        // One of the two modes holds it; detaching the empty one fails harmlessly.
        _ = LibBpf.bpf_xdp_detach(ifindex, LibBpf.XDP_FLAGS_SKB_MODE, null);
        _ = LibBpf.bpf_xdp_detach(ifindex, LibBpf.XDP_FLAGS_DRV_MODE, null);
        return LibBpf.bpf_xdp_attach(ifindex, programFd, Flags(mode), null);
    }

    private static uint Flags(XdpMode mode) => mode == XdpMode.Driver ? LibBpf.XDP_FLAGS_DRV_MODE : LibBpf.XDP_FLAGS_SKB_MODE;

    private static string ModeText(XdpMode mode) => mode == XdpMode.Driver ? "driver" : "generic";
}
