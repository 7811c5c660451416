using LibreQoS.Bpf.Native;

namespace LibreQoS.Bpf.Attach;

/// <summary>
/// Our cls_bpf filters on an interface's clsact qdisc. lqosd owns clsact on the interfaces it shapes, as
/// upstream does: <see cref="RemoveClsact"/> deletes the qdisc with every filter on it.
/// </summary>
internal static unsafe class TcAttachment
{
    // Upstream's filter handle and priority, so that an upstream install's leftovers get replaced, not doubled.
    private const uint Handle = 0x1;
    private const uint Priority = 0xC02F;

    public static void AttachEgress(string name, int ifindex, int programFd) =>
        Attach(name, ifindex, programFd, LibBpf.BPF_TC_EGRESS, "egress");

    public static void AttachIngress(string name, int ifindex, int programFd) =>
        Attach(name, ifindex, programFd, LibBpf.BPF_TC_INGRESS, "ingress");

    public static void RemoveClsact(string name, int ifindex)
    {
        using var log = LibBpfLog.Capture();
        var hook = Hook(ifindex, LibBpf.BPF_TC_INGRESS | LibBpf.BPF_TC_EGRESS);
        int result = LibBpf.bpf_tc_hook_destroy(&hook);
        // Already gone (or the whole interface is): nothing left to clean.
        if (result is -Errno.ENOENT or -Errno.EINVAL or -Errno.ENODEV)
            return;
        BpfException.ThrowIfFailed(result, $"Removing the clsact qdisc from {name}");
    }

    private static void Attach(string name, int ifindex, int programFd, int attachPoint, string where)
    {
        using var log = LibBpfLog.Capture();
        var hook = Hook(ifindex, attachPoint);
        int created = LibBpf.bpf_tc_hook_create(&hook);
        if (created != -Errno.EEXIST)
            BpfException.ThrowIfFailed(created, $"Adding a clsact qdisc to {name}");

        var opts = new bpf_tc_opts
        {
            sz = (nuint)sizeof(bpf_tc_opts),
            prog_fd = programFd,
            flags = LibBpf.BPF_TC_F_REPLACE,
            handle = Handle,
            priority = Priority,
        };
        BpfException.ThrowIfFailed(LibBpf.bpf_tc_attach(&hook, &opts), $"Attaching the tc {where} program to {name}");
    }

    private static bpf_tc_hook Hook(int ifindex, int attachPoint) =>
        new() { sz = (nuint)sizeof(bpf_tc_hook), ifindex = ifindex, attach_point = attachPoint };
}
