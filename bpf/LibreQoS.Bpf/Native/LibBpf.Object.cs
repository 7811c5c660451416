using System.Runtime.InteropServices;

namespace LibreQoS.Bpf.Native;

internal static partial class LibBpf
{
    /// <summary>
    /// see: libbpf.h bpf_object__open_file. Parses an ELF object; creates nothing in the kernel yet.
    /// Owning handle (close with bpf_object__close); invalid on error with errno set. <paramref name="opts"/> may be 0.
    /// </summary>
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial BpfObjectHandle bpf_object__open_file(string path, nint opts);

    /// <summary>
    /// see: libbpf.h bpf_object__load. Creates (or reuses pinned) maps and loads every program through the
    /// verifier. 0 or -errno; the verifier log goes to the libbpf print callback.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int bpf_object__load(BpfObjectHandle obj);

    /// <summary>see: libbpf.h bpf_object__close. Frees the object and closes its map and program fds. Accepts NULL.</summary>
    [LibraryImport(Lib)]
    internal static partial void bpf_object__close(nint obj);

    /// <summary>
    /// see: libbpf.h bpf_object__find_map_by_name. BORROWED <c>struct bpf_map*</c>, owned by <paramref name="obj"/>;
    /// NULL (errno ENOENT) when absent.
    /// </summary>
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint bpf_object__find_map_by_name(BpfObjectHandle obj, string name);

    /// <summary>
    /// see: libbpf.h bpf_object__find_program_by_name. BORROWED <c>struct bpf_program*</c>, owned by
    /// <paramref name="obj"/>; NULL (errno ENOENT) when absent.
    /// </summary>
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint bpf_object__find_program_by_name(BpfObjectHandle obj, string name);

    /// <summary>see: libbpf.h bpf_program__fd. The program's fd, owned by its object; -errno before load.</summary>
    [LibraryImport(Lib)]
    internal static partial int bpf_program__fd(nint prog);

    /// <summary>
    /// see: libbpf.h bpf_map__set_pin_path. Before load: reuse the map pinned at <paramref name="path"/> if it is
    /// compatible (same type, key, value, max_entries and flags; otherwise load fails with -EINVAL), else create
    /// it and pin it there after load. 0 or -errno.
    /// </summary>
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int bpf_map__set_pin_path(nint map, string path);

    /// <summary>see: libbpf.h bpf_map__set_max_entries. Before load only. 0 or -errno (-EBUSY after load).</summary>
    [LibraryImport(Lib)]
    internal static partial int bpf_map__set_max_entries(nint map, uint maxEntries);

    /// <summary>see: libbpf.h bpf_map__fd. The map's fd, owned by its object; -errno before load.</summary>
    [LibraryImport(Lib)]
    internal static partial int bpf_map__fd(nint map);

    /// <summary>see: libbpf.h bpf_map__type. The map's <c>enum bpf_map_type</c> as declared in the object.</summary>
    [LibraryImport(Lib)]
    internal static partial int bpf_map__type(nint map);

    /// <summary>see: libbpf.h bpf_map__key_size.</summary>
    [LibraryImport(Lib)]
    internal static partial uint bpf_map__key_size(nint map);

    /// <summary>see: libbpf.h bpf_map__value_size.</summary>
    [LibraryImport(Lib)]
    internal static partial uint bpf_map__value_size(nint map);

    /// <summary>see: libbpf.h bpf_map__max_entries.</summary>
    [LibraryImport(Lib)]
    internal static partial uint bpf_map__max_entries(nint map);

    /// <summary>see: libbpf.h bpf_map__map_flags.</summary>
    [LibraryImport(Lib)]
    internal static partial uint bpf_map__map_flags(nint map);
}
