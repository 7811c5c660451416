using LibreQoS.Bpf.Native;
using Microsoft.Win32.SafeHandles;

namespace LibreQoS.Bpf.Maps;

/// <summary>Ways to get an owned fd for a map: from its pin on a BPF filesystem, or by its kernel id.</summary>
internal static class BpfMapFd
{
    /// <summary>Opens the map pinned at <paramref name="path"/>.</summary>
    public static SafeFileHandle OpenPinned(string path)
    {
        int fd = LibBpf.bpf_obj_get(path);
        if (fd < 0)
            BpfException.Throw($"Opening the pinned BPF map {path}", -fd);
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>A second fd for the map with this id, independent of whoever owns the first.</summary>
    public static SafeFileHandle OpenById(uint id, string name)
    {
        int fd = LibBpf.bpf_map_get_fd_by_id(id);
        if (fd < 0)
            BpfException.Throw($"Opening BPF map {name} (id {id})", -fd);
        return new SafeFileHandle(fd, ownsHandle: true);
    }
}
