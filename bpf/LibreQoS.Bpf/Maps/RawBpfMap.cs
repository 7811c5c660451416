using LibreQoS.Bpf.Native;
using Microsoft.Win32.SafeHandles;

namespace LibreQoS.Bpf.Maps;

/// <summary>
/// What every typed map shares: an owned fd, key operations, and batch operations that fall back to one
/// syscall per element on kernels (or map types) without them. Values are raw bytes here;
/// <see cref="BpfMap{TKey,TValue}"/> and <see cref="PerCpuBpfMap{TKey,TValue}"/> give them their types.
/// </summary>
internal sealed unsafe class RawBpfMap<TKey> : IDisposable where TKey : unmanaged
{
    /// <summary>Entries read per batch syscall when walking a map.</summary>
    private const int ReadChunk = 4096;

    private readonly SafeFileHandle _fd;
    private bool _batchUnsupported;

    /// <summary>Takes ownership of <paramref name="fd"/> (closing it if the key size does not match).</summary>
    public RawBpfMap(SafeFileHandle fd, string name, BpfMapInfo info, int valueBytes)
    {
        if (info.KeySize != sizeof(TKey))
        {
            fd.Dispose();
            throw new BpfException($"BPF map {name} has {info.KeySize}-byte keys, but {typeof(TKey).Name} is {sizeof(TKey)} bytes");
        }
        _fd = fd;
        Name = name;
        Info = info;
        ValueBytes = valueBytes;
    }

    public string Name { get; }

    public BpfMapInfo Info { get; }

    /// <summary>False once the kernel refused a batch syscall for this map; batches then go one syscall per element.</summary>
    public bool UsesBatchSyscalls => !_batchUnsupported;

    /// <summary>Bytes of one value as the syscalls see it (all CPUs' copies for a per-CPU map).</summary>
    public int ValueBytes { get; }

    public bool Delete(in TKey key)
    {
        TKey copy = key;
        using var fd = new FdLease(_fd);
        int result = LibBpf.bpf_map_delete_elem(fd.Fd, &copy);
        if (result == -Errno.ENOENT)
            return false;
        BpfException.ThrowIfFailed(result, $"Deleting an entry of BPF map {Name}");
        return true;
    }

    /// <summary>Deletes the keys that are present; returns how many were.</summary>
    public int DeleteBatch(ReadOnlySpan<TKey> keys)
    {
        int deleted = 0;
        using var fd = new FdLease(_fd);
        while (!keys.IsEmpty && !_batchUnsupported)
        {
            uint count = (uint)keys.Length;
            var opts = BatchOptions(LibBpf.BPF_ANY);
            int result;
            fixed (TKey* first = keys)
                result = LibBpf.bpf_map_delete_batch(fd.Fd, first, &count, &opts);
            deleted += (int)count;
            if (result == 0)
                return deleted;
            if (result == -Errno.ENOENT)
            {
                // The batch stops at the first absent key: skip it and carry on with the rest.
                keys = keys[((int)count + 1)..];
                continue;
            }
            if (!FallBackIfUnsupported(result, count))
                BpfException.ThrowIfFailed(result, $"Deleting {keys.Length} entries of BPF map {Name}");
            keys = keys[(int)count..];
        }
        foreach (var key in keys)
        {
            if (Delete(key))
                deleted++;
        }
        return deleted;
    }

    /// <summary>Every key (read in chunks where the kernel can); entries added or removed meanwhile may or may not be seen.</summary>
    public List<TKey> Keys()
    {
        var keys = new List<TKey>();
        if (!_batchUnsupported)
        {
            using var batchFd = new FdLease(_fd);
            if (ReadAllBatched(batchFd.Fd, (in TKey key, ReadOnlySpan<byte> _) => keys.Add(key)))
                return keys;
        }
        return KeysOneByOne();
    }

    private List<TKey> KeysOneByOne()
    {
        var keys = new List<TKey>();
        using var fd = new FdLease(_fd);
        TKey current = default, next = default;
        TKey* previous = null;
        while (true)
        {
            int result = LibBpf.bpf_map_get_next_key(fd.Fd, previous, &next);
            if (result == -Errno.ENOENT)
                return keys;
            BpfException.ThrowIfFailed(result, $"Listing the keys of BPF map {Name}");
            keys.Add(next);
            current = next;
            previous = &current;
        }
    }

    public bool TryLookup(in TKey key, byte* value)
    {
        TKey copy = key;
        using var fd = new FdLease(_fd);
        int result = LibBpf.bpf_map_lookup_elem(fd.Fd, &copy, value);
        if (result == -Errno.ENOENT)
            return false;
        BpfException.ThrowIfFailed(result, $"Looking up an entry of BPF map {Name}");
        return true;
    }

    public void Update(in TKey key, byte* value, ulong flags)
    {
        TKey copy = key;
        using var fd = new FdLease(_fd);
        BpfException.ThrowIfFailed(LibBpf.bpf_map_update_elem(fd.Fd, &copy, value, flags), $"Writing an entry of BPF map {Name}");
    }

    /// <summary><paramref name="values"/> holds <see cref="ValueBytes"/> per key.</summary>
    public void UpdateBatch(ReadOnlySpan<TKey> keys, ReadOnlySpan<byte> values, ulong flags)
    {
        using var fd = new FdLease(_fd);
        if (!_batchUnsupported)
        {
            uint count = (uint)keys.Length;
            var opts = BatchOptions(flags);
            int result;
            fixed (TKey* k = keys)
            fixed (byte* v = values)
                result = LibBpf.bpf_map_update_batch(fd.Fd, k, v, &count, &opts);
            if (result == 0)
                return;
            if (!FallBackIfUnsupported(result, count))
                BpfException.ThrowIfFailed(result, $"Writing {keys.Length} entries to BPF map {Name} (stopped after {count})");
        }
        for (int i = 0; i < keys.Length; i++)
        {
            TKey key = keys[i];
            fixed (byte* v = values.Slice(i * ValueBytes, ValueBytes))
                BpfException.ThrowIfFailed(LibBpf.bpf_map_update_elem(fd.Fd, &key, v, flags),
                    $"Writing entry {i + 1} of {keys.Length} to BPF map {Name}");
        }
    }

    public delegate void RawEntryVisitor(in TKey key, ReadOnlySpan<byte> value);

    /// <summary>Walks every entry, in chunks of <see cref="ReadChunk"/> per syscall where the kernel can.</summary>
    public void ReadAll(RawEntryVisitor visit)
    {
        using var fd = new FdLease(_fd);
        if (!_batchUnsupported && ReadAllBatched(fd.Fd, visit))
            return;

        var value = new byte[ValueBytes];
        foreach (var key in KeysOneByOne())
        {
            TKey copy = key;
            int result;
            fixed (byte* v = value)
                result = LibBpf.bpf_map_lookup_elem(fd.Fd, &copy, v);
            if (result == -Errno.ENOENT)
                continue; // deleted since it was listed
            BpfException.ThrowIfFailed(result, $"Reading an entry of BPF map {Name}");
            visit(key, value);
        }
    }

    /// <returns>false when the kernel has no batch lookup for this map (nothing was visited).</returns>
    private bool ReadAllBatched(int fd, RawEntryVisitor visit)
    {
        int chunk = ReadChunk;
        var keys = new TKey[chunk];
        var values = new byte[chunk * ValueBytes];
        // The resume token is a u32 bucket index for hash maps and a key for the generic implementation.
        int tokenBytes = Math.Max(sizeof(TKey), sizeof(ulong));
        var inToken = new byte[tokenBytes];
        var outToken = new byte[tokenBytes];
        bool started = false;
        while (true)
        {
            uint count = (uint)chunk;
            var opts = BatchOptions(LibBpf.BPF_ANY);
            int result;
            fixed (byte* inBatch = inToken)
            fixed (byte* outBatch = outToken)
            fixed (TKey* k = keys)
            fixed (byte* v = values)
                result = LibBpf.bpf_map_lookup_batch(fd, started ? inBatch : null, outBatch, k, v, &count, &opts);

            if (result < 0 && result != -Errno.ENOENT)
            {
                if (result == -Errno.ENOSPC)
                {
                    // One hash bucket holds more entries than a chunk: retry this step with room for it.
                    chunk *= 2;
                    keys = new TKey[chunk];
                    values = new byte[chunk * ValueBytes];
                    continue;
                }
                if (!started && FallBackIfUnsupported(result, count))
                    return false;
                BpfException.ThrowIfFailed(result, $"Reading the entries of BPF map {Name}");
            }
            for (int i = 0; i < count; i++)
                visit(keys[i], values.AsSpan(i * ValueBytes, ValueBytes));
            if (result == -Errno.ENOENT)
                return true;
            outToken.CopyTo(inToken);
            started = true;
        }
    }

    private bool FallBackIfUnsupported(int result, uint processed)
    {
        if (processed != 0 || result is not (-Errno.EOPNOTSUPP or -Errno.ENOTSUPP))
            return false;
        _batchUnsupported = true;
        return true;
    }

    private static bpf_map_batch_opts BatchOptions(ulong elementFlags) =>
        new() { sz = (nuint)sizeof(bpf_map_batch_opts), elem_flags = elementFlags };

    public void Dispose() => _fd.Dispose();
}
