using System.Runtime.InteropServices;

namespace LibreQoS.Bpf.Native;

/// <summary>Low-level map syscalls from bpf.h. They work on any map fd, whichever object or pin it came from.</summary>
internal static unsafe partial class LibBpf
{
    internal const ulong BPF_ANY = 0;
    internal const ulong BPF_NOEXIST = 1;
    internal const ulong BPF_EXIST = 2;

    internal const int BPF_MAP_TYPE_HASH = 1;
    internal const int BPF_MAP_TYPE_ARRAY = 2;
    internal const int BPF_MAP_TYPE_PERCPU_HASH = 5;
    internal const int BPF_MAP_TYPE_PERCPU_ARRAY = 6;
    internal const int BPF_MAP_TYPE_LRU_PERCPU_HASH = 10;
    internal const int BPF_MAP_TYPE_LPM_TRIE = 11;
    internal const int BPF_MAP_TYPE_CPUMAP = 16;
    internal const int BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE = 21;

    /// <summary>
    /// see: bpf.h bpf_map_update_elem. <paramref name="flags"/>: BPF_ANY, BPF_NOEXIST (-EEXIST if present) or
    /// BPF_EXIST (-ENOENT if absent). For per-CPU maps <paramref name="value"/> holds one value per possible CPU,
    /// each padded to 8 bytes. 0 or -errno (-E2BIG when the map is full).
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int bpf_map_update_elem(int fd, void* key, void* value, ulong flags);

    /// <summary>
    /// see: bpf.h bpf_map_lookup_elem. On an LPM trie this is a longest-prefix match, not an exact lookup.
    /// 0 or -errno (-ENOENT when no entry matches).
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int bpf_map_lookup_elem(int fd, void* key, void* value);

    /// <summary>see: bpf.h bpf_map_delete_elem. Exact key. 0 or -errno (-ENOENT when absent).</summary>
    [LibraryImport(Lib)]
    internal static partial int bpf_map_delete_elem(int fd, void* key);

    /// <summary>
    /// see: bpf.h bpf_map_get_next_key. <paramref name="key"/> NULL (or absent) gives the first key.
    /// 0 or -errno (-ENOENT after the last key).
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int bpf_map_get_next_key(int fd, void* key, void* nextKey);

    /// <summary>
    /// see: bpf.h bpf_map_update_batch (kernel ≥ 5.6, per map type). <paramref name="count"/> is in/out: the
    /// number of elements, then how many were written before any error. 0 or -errno; -EINVAL/-EOPNOTSUPP/-ENOTSUPP
    /// when the map type has no batch operations. <paramref name="opts"/> may be NULL.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int bpf_map_update_batch(int fd, void* keys, void* values, uint* count, bpf_map_batch_opts* opts);

    /// <summary>
    /// see: bpf.h bpf_map_lookup_batch. <paramref name="inBatch"/> NULL starts at the beginning;
    /// <paramref name="outBatch"/> receives the resume token (a bucket index for hash maps, a key otherwise).
    /// <paramref name="count"/> is in/out. -ENOENT means the walk is finished (<paramref name="count"/> may still be
    /// &gt; 0 for the last chunk); -ENOSPC means one hash bucket holds more than <paramref name="count"/> entries.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int bpf_map_lookup_batch(int fd, void* inBatch, void* outBatch, void* keys, void* values,
        uint* count, bpf_map_batch_opts* opts);

    /// <summary>
    /// see: bpf.h bpf_map_delete_batch. Stops at the first absent key with -ENOENT; <paramref name="count"/> then
    /// says how many were deleted before it.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int bpf_map_delete_batch(int fd, void* keys, uint* count, bpf_map_batch_opts* opts);

    /// <summary>see: bpf.h bpf_obj_get. Opens a pinned map or program: a new O_CLOEXEC fd, or -errno.</summary>
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int bpf_obj_get(string pathname);

    /// <summary>
    /// see: bpf.h bpf_obj_get_info_by_fd. Fills the first <paramref name="infoLength"/> bytes of a
    /// <c>struct bpf_map_info</c> (a shorter struct is allowed). 0 or -errno.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int bpf_obj_get_info_by_fd(int fd, void* info, uint* infoLength);

    /// <summary>see: bpf.h bpf_map_get_fd_by_id. A new O_CLOEXEC fd for the map with that id, or -errno.</summary>
    [LibraryImport(Lib)]
    internal static partial int bpf_map_get_fd_by_id(uint id);
}

/// <summary>Mirror of struct bpf_map_batch_opts in bpf/bpf.h (an opts struct: <c>sz</c> first).</summary>
[StructLayout(LayoutKind.Sequential)]
[MirrorsC("bpf_map_batch_opts", Header = "bpf/bpf.h")]
internal struct bpf_map_batch_opts
{
    public nuint sz;
    public ulong elem_flags;
    public ulong flags;
}

/// <summary>
/// The leading fields of struct bpf_map_info in linux/bpf.h; the kernel fills only as many bytes as we pass.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
[MirrorsC("bpf_map_info", Header = "linux/bpf.h", IsPrefix = true)]
internal unsafe struct bpf_map_info
{
    public uint type;
    public uint id;
    public uint key_size;
    public uint value_size;
    public uint max_entries;
    public uint map_flags;
    public fixed byte name[16];
}
