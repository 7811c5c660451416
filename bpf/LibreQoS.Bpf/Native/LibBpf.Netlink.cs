using System.Runtime.InteropServices;

namespace LibreQoS.Bpf.Native;

/// <summary>
/// XDP and tc attachment through rtnetlink (libbpf.h). These attachments belong to the interface, not to our
/// process: they survive lqosd exiting, and act in the calling thread's network namespace.
/// </summary>
internal static unsafe partial class LibBpf
{
    internal const uint XDP_FLAGS_UPDATE_IF_NOEXIST = 1 << 0;
    internal const uint XDP_FLAGS_SKB_MODE = 1 << 1;
    internal const uint XDP_FLAGS_DRV_MODE = 1 << 2;

    internal const int BPF_TC_INGRESS = 1 << 0;
    internal const int BPF_TC_EGRESS = 1 << 1;
    internal const uint BPF_TC_F_REPLACE = 1 << 0;

    /// <summary>
    /// see: libbpf.h bpf_xdp_attach. Attaches <paramref name="progFd"/> in the mode given by
    /// <paramref name="flags"/> (XDP_FLAGS_SKB_MODE = generic, XDP_FLAGS_DRV_MODE = driver), replacing a program
    /// already attached in that mode. 0 or -errno: -EOPNOTSUPP when the driver has no native XDP, -EEXIST/-EBUSY
    /// when a program is attached in another mode. <paramref name="opts"/> may be NULL.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int bpf_xdp_attach(int ifindex, int progFd, uint flags, void* opts);

    /// <summary>see: libbpf.h bpf_xdp_detach. Detaches whatever program is attached in that mode. 0 or -errno.</summary>
    [LibraryImport(Lib)]
    internal static partial int bpf_xdp_detach(int ifindex, uint flags, void* opts);

    /// <summary>
    /// see: libbpf.h bpf_xdp_query_id. <paramref name="progId"/> gets the id of the program attached in the mode
    /// given by <paramref name="flags"/> (0: the only one attached), 0 when none. 0 or -errno.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int bpf_xdp_query_id(int ifindex, int flags, uint* progId);

    /// <summary>
    /// see: libbpf.h bpf_tc_hook_create. Adds the clsact qdisc to the hook's interface. 0 or -errno; -EEXIST when
    /// a clsact qdisc is already there (usable as it is).
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int bpf_tc_hook_create(bpf_tc_hook* hook);

    /// <summary>
    /// see: libbpf.h bpf_tc_hook_destroy. With attach_point BPF_TC_INGRESS | BPF_TC_EGRESS, deletes the clsact
    /// qdisc and every filter on it. 0 or -errno (-ENOENT/-EINVAL when there is none).
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int bpf_tc_hook_destroy(bpf_tc_hook* hook);

    /// <summary>
    /// see: libbpf.h bpf_tc_attach. Adds a direct-action cls_bpf filter at opts' handle and priority (with
    /// BPF_TC_F_REPLACE, replacing one already there); fills opts.prog_id. 0 or -errno.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int bpf_tc_attach(bpf_tc_hook* hook, bpf_tc_opts* opts);

    /// <summary>
    /// see: libbpf.h bpf_tc_detach. Removes the filter at opts' handle and priority (prog_fd, prog_id and flags
    /// must be 0). 0 or -errno (-ENOENT when it is not there).
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int bpf_tc_detach(bpf_tc_hook* hook, bpf_tc_opts* opts);
}

/// <summary>Mirror of struct bpf_tc_hook in bpf/libbpf.h (an opts struct: <c>sz</c> first).</summary>
[StructLayout(LayoutKind.Sequential)]
[MirrorsC("bpf_tc_hook", Header = "bpf/libbpf.h")]
internal struct bpf_tc_hook
{
    public nuint sz;
    public int ifindex;
    public int attach_point;
    public uint parent;
}

/// <summary>Mirror of struct bpf_tc_opts in bpf/libbpf.h (an opts struct: <c>sz</c> first).</summary>
[StructLayout(LayoutKind.Sequential)]
[MirrorsC("bpf_tc_opts", Header = "bpf/libbpf.h")]
internal struct bpf_tc_opts
{
    public nuint sz;
    public int prog_fd;
    public uint flags;
    public uint prog_id;
    public uint handle;
    public uint priority;
}
