using LibreQoS.Bpf.Native;
using Microsoft.Win32.SafeHandles;

namespace LibreQoS.Bpf.Maps;

/// <summary>What the kernel (or an object file) says a map is; two maps are interchangeable when these agree.</summary>
internal readonly record struct BpfMapInfo(int Type, uint KeySize, uint ValueSize, uint MaxEntries, uint Flags)
{
    public bool IsPerCpu => Type is LibBpf.BPF_MAP_TYPE_PERCPU_HASH or LibBpf.BPF_MAP_TYPE_PERCPU_ARRAY
        or LibBpf.BPF_MAP_TYPE_LRU_PERCPU_HASH or LibBpf.BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;

    public static unsafe (BpfMapInfo Info, uint Id) Query(SafeFileHandle map, string name)
    {
        bpf_map_info raw = default;
        uint length = (uint)sizeof(bpf_map_info);
        using (var fd = new FdLease(map))
            BpfException.ThrowIfFailed(LibBpf.bpf_obj_get_info_by_fd(fd.Fd, &raw, &length), $"Reading the description of BPF map {name}");
        return (new BpfMapInfo((int)raw.type, raw.key_size, raw.value_size, raw.max_entries, raw.map_flags), raw.id);
    }

    public override string ToString() =>
        $"type {Type}, key {KeySize} B, value {ValueSize} B, {MaxEntries} entries, flags 0x{Flags:x}";
}
