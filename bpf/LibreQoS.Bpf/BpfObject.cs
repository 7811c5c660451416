using System.Runtime.InteropServices;
using LibreQoS.Bpf.Maps;
using LibreQoS.Bpf.Native;

namespace LibreQoS.Bpf;

/// <summary>
/// A compiled BPF object file: opened (parsed), adjusted (pin paths, sizes), then loaded into the kernel.
/// Closing it releases our fds; programs stay alive while attached and maps while pinned or used.
/// </summary>
internal sealed class BpfObject : IDisposable
{
    private readonly BpfObjectHandle _handle;

    private BpfObject(BpfObjectHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    public string Path { get; }

    public bool IsLoaded { get; private set; }

    public static BpfObject Open(string path)
    {
        if (!File.Exists(path))
            throw new BpfException($"The BPF object {path} is missing; it is built by 'make -C bpf' and ships next to LibreQoS.Bpf.dll");
        using var log = LibBpfLog.Capture();
        var handle = LibBpf.bpf_object__open_file(path, 0);
        if (handle.IsInvalid)
        {
            int errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            BpfException.Throw($"Opening the BPF object {path}", errno);
        }
        return new BpfObject(handle, path);
    }

    /// <summary>A map declared in the object; usable before load to set it up, after load to open it.</summary>
    public ObjectMap Map(string name)
    {
        nint map = LibBpf.bpf_object__find_map_by_name(_handle, name);
        if (map == 0)
            throw new BpfException($"The BPF object {Path} has no map named {name}; is it from another version of LibreQoS?");
        return new ObjectMap(this, map, name);
    }

    /// <summary>The fd of a loaded program, owned by this object.</summary>
    public int ProgramFd(string name)
    {
        nint program = LibBpf.bpf_object__find_program_by_name(_handle, name);
        if (program == 0)
            throw new BpfException($"The BPF object {Path} has no program named {name}; is it from another version of LibreQoS?");
        return BpfException.ThrowIfFailed(LibBpf.bpf_program__fd(program), $"Getting the fd of BPF program {name} (is the object loaded?)");
    }

    /// <summary>Creates the maps (or reuses pinned ones) and runs every program through the verifier.</summary>
    public void Load()
    {
        using var log = LibBpfLog.Capture();
        BpfException.ThrowIfFailed(LibBpf.bpf_object__load(_handle), $"Loading the BPF object {Path} into the kernel");
        IsLoaded = true;
    }

    public void Dispose() => _handle.Dispose();

    /// <summary>A <c>struct bpf_map*</c> BORROWED from its object, which this keeps alive.</summary>
    internal readonly struct ObjectMap(BpfObject owner, nint map, string name)
    {
        public string Name => name;

        /// <summary>As declared in the object (and as adjusted before load).</summary>
        public BpfMapInfo Declared
        {
            get
            {
                GC.KeepAlive(owner);
                return new(LibBpf.bpf_map__type(map), LibBpf.bpf_map__key_size(map), LibBpf.bpf_map__value_size(map),
                    LibBpf.bpf_map__max_entries(map), LibBpf.bpf_map__map_flags(map));
            }
        }

        /// <summary>Before load: reuse the map pinned at <paramref name="path"/>, or create it and pin it there.</summary>
        public void PinAt(string path)
        {
            BpfException.ThrowIfFailed(LibBpf.bpf_map__set_pin_path(map, path), $"Setting the pin path of BPF map {name} to {path}");
            GC.KeepAlive(owner);
        }

        /// <summary>Before load: resize the map.</summary>
        public void SetMaxEntries(uint maxEntries)
        {
            BpfException.ThrowIfFailed(LibBpf.bpf_map__set_max_entries(map, maxEntries), $"Sizing BPF map {name} to {maxEntries} entries");
            GC.KeepAlive(owner);
        }

        /// <summary>After load: an fd of our own for the map, so it outlives the object.</summary>
        public Microsoft.Win32.SafeHandles.SafeFileHandle OpenFd()
        {
            if (!owner.IsLoaded)
                throw new InvalidOperationException($"BPF map {name} exists only once its object is loaded");
            int fd = BpfException.ThrowIfFailed(LibBpf.bpf_map__fd(map), $"Getting the fd of BPF map {name}");
            using var borrowed = new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: false);
            var (_, id) = BpfMapInfo.Query(borrowed, name);
            return BpfMapFd.OpenById(id, name);
        }
    }
}
