namespace LibreQoS.Bpf;

/// <summary>Symbolic names of the errno values the kernel's BPF, netlink and mount paths return.</summary>
internal static class Errno
{
    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int E2BIG = 7;
    internal const int EBUSY = 16;
    internal const int EEXIST = 17;
    internal const int ENODEV = 19;
    internal const int EINVAL = 22;
    internal const int ENOSPC = 28;
    internal const int EOPNOTSUPP = 95;
    /// <summary>The kernel-internal "not supported" that BPF lets reach user space.</summary>
    internal const int ENOTSUPP = 524;

    private static readonly Dictionary<int, string> Names = new()
    {
        [EPERM] = "EPERM", [ENOENT] = "ENOENT", [4] = "EINTR", [5] = "EIO", [6] = "ENXIO", [E2BIG] = "E2BIG",
        [9] = "EBADF", [11] = "EAGAIN", [12] = "ENOMEM", [13] = "EACCES", [14] = "EFAULT", [EBUSY] = "EBUSY",
        [EEXIST] = "EEXIST", [ENODEV] = "ENODEV", [20] = "ENOTDIR", [EINVAL] = "EINVAL", [24] = "EMFILE",
        [ENOSPC] = "ENOSPC", [30] = "EROFS", [34] = "ERANGE", [38] = "ENOSYS", [75] = "EOVERFLOW",
        [EOPNOTSUPP] = "EOPNOTSUPP", [97] = "EAFNOSUPPORT", [ENOTSUPP] = "ENOTSUPP",
    };

    /// <summary>libbpf's own codes (libbpf.h enum libbpf_errno), from LIBBPF_ERRNO__START = 4000.</summary>
    private static readonly string[] LibBpfNames =
        ["LIBELF", "FORMAT", "KVERSION", "ENDIAN", "INTERNAL", "RELOC", "LOAD", "VERIFY", "PROG2BIG", "KVER", "PROGTYPE", "WRNGPID", "INVSEQ", "NLPARSE"];

    private const int LibBpfErrnoStart = 4000;

    public static string NameOf(int errno) =>
        Names.TryGetValue(errno, out var name) ? name
        : errno - LibBpfErrnoStart is >= 0 and var i && i < LibBpfNames.Length ? "LIBBPF_ERRNO__" + LibBpfNames[i]
        : $"errno {errno}";

    /// <summary>What <paramref name="errno"/> means: libbpf's text for its own codes, the kernel's for ENOTSUPP (unknown to libc), else libc's.</summary>
    public static unsafe string Describe(int errno)
    {
        if (errno == ENOTSUPP)
            return "Operation not supported by this kernel";
        if (errno < LibBpfErrnoStart)
            return System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno);
        byte* text = stackalloc byte[256];
        _ = Native.LibBpf.libbpf_strerror(errno, text, 256); // fills the buffer with a fallback text even when it fails
        return System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)text) ?? $"libbpf error {errno}";
    }
}
