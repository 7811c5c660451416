using LibreQoS.Bpf.Native;

namespace LibreQoS.Bpf;

/// <summary>
/// Pins need a BPF filesystem. lqosd mounts one where it is missing, like upstream; note that
/// <c>ip netns exec</c> gives its command a private /sys, so a bpffs mounted (or pinned to) under /sys/fs/bpf from
/// inside it is invisible to, and lost for, everyone else. lqosd must therefore run in the host's mount namespace.
/// </summary>
internal static unsafe class BpfFileSystem
{
    /// <summary>
    /// Makes <paramref name="pinDirectory"/> a directory on a BPF filesystem, mounting one on its parent
    /// (normally /sys/fs/bpf) when that parent is on another filesystem.
    /// </summary>
    /// <returns>The mount point when this call mounted a BPF filesystem, else null.</returns>
    public static string? EnsureDirectory(string pinDirectory)
    {
        string parent = Path.GetDirectoryName(Path.GetFullPath(pinDirectory))
            ?? throw new BpfException($"The pin directory {pinDirectory} must be below a BPF filesystem mount, such as /sys/fs/bpf/lqos");
        string? mounted = null;
        Directory.CreateDirectory(parent);
        if (!IsBpfFs(parent))
        {
            if (LibC.mount("bpf", parent, "bpf", 0, "mode=0700") != 0)
                BpfException.ThrowLastError($"Mounting a BPF filesystem on {parent} (for the pinned maps in {pinDirectory})");
            mounted = parent;
        }
        Directory.CreateDirectory(pinDirectory);
        return mounted;
    }

    public static bool IsBpfFs(string path)
    {
        long* buffer = stackalloc long[32]; // struct statfs is 120 bytes on 64-bit Linux; f_type comes first
        if (LibC.statfs(path, buffer) != 0)
            BpfException.ThrowLastError($"Checking the filesystem of {path}");
        return buffer[0] == LibC.BPF_FS_MAGIC;
    }
}
