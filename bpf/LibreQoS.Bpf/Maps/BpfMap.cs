using LibreQoS.Bpf.Native;
using Microsoft.Win32.SafeHandles;

namespace LibreQoS.Bpf.Maps;

/// <summary>
/// A map shared by all CPUs (hash, array, LPM trie...) with keys and values of fixed, blittable types. It owns its
/// fd, so it stays usable after the object that created it is closed, and across lqosd restarts when pinned.
/// </summary>
internal sealed unsafe class BpfMap<TKey, TValue> : IDisposable
    where TKey : unmanaged
    where TValue : unmanaged
{
    private readonly RawBpfMap<TKey> _map;

    /// <summary>Takes ownership of <paramref name="fd"/>; checks the map's key and value sizes against the types.</summary>
    public BpfMap(SafeFileHandle fd, string name)
    {
        var (info, _) = BpfMapInfo.Query(fd, name);
        string? mismatch = info.IsPerCpu ? $"BPF map {name} is per-CPU; open it as a PerCpuBpfMap"
            : info.ValueSize != sizeof(TValue) ? $"BPF map {name} has {info.ValueSize}-byte values, but {typeof(TValue).Name} is {sizeof(TValue)} bytes"
            : null;
        if (mismatch is not null)
        {
            fd.Dispose();
            throw new BpfException(mismatch);
        }
        _map = new RawBpfMap<TKey>(fd, name, info, sizeof(TValue));
    }

    public static BpfMap<TKey, TValue> OpenPinned(string path) => new(BpfMapFd.OpenPinned(path), Path.GetFileName(path));

    public string Name => _map.Name;

    public BpfMapInfo Info => _map.Info;

    public bool UsesBatchSyscalls => _map.UsesBatchSyscalls;

    /// <summary>On an LPM trie this is a longest-prefix match: the entry covering <paramref name="key"/>.</summary>
    public bool TryLookup(in TKey key, out TValue value)
    {
        TValue result = default;
        bool found = _map.TryLookup(key, (byte*)&result);
        value = result;
        return found;
    }

    /// <summary>Creates or replaces the entry.</summary>
    public void Update(in TKey key, in TValue value) => Update(key, value, LibBpf.BPF_ANY);

    /// <summary>Adds the entry only if the key is absent; false when it was already there.</summary>
    public bool TryInsert(in TKey key, in TValue value)
    {
        try
        {
            Update(key, value, LibBpf.BPF_NOEXIST);
            return true;
        }
        catch (BpfException e) when (e.Errno == Errno.EEXIST)
        {
            return false;
        }
    }

    public bool Delete(in TKey key) => _map.Delete(key);

    /// <summary>Creates or replaces every pair, in one syscall where the kernel supports it for this map type.</summary>
    public void UpdateBatch(ReadOnlySpan<TKey> keys, ReadOnlySpan<TValue> values)
    {
        if (keys.Length != values.Length)
            throw new ArgumentException($"{keys.Length} keys but {values.Length} values", nameof(values));
        _map.UpdateBatch(keys, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values), LibBpf.BPF_ANY);
    }

    /// <summary>Deletes the keys that are present; returns how many were.</summary>
    public int DeleteBatch(ReadOnlySpan<TKey> keys) => _map.DeleteBatch(keys);

    public List<TKey> Keys() => _map.Keys();

    /// <summary>A snapshot of every entry, read in chunks where the kernel supports batch lookups.</summary>
    public List<KeyValuePair<TKey, TValue>> ReadAll()
    {
        var entries = new List<KeyValuePair<TKey, TValue>>();
        _map.ReadAll((in TKey key, ReadOnlySpan<byte> value) =>
            entries.Add(new(key, System.Runtime.InteropServices.MemoryMarshal.Read<TValue>(value))));
        return entries;
    }

    public void Dispose() => _map.Dispose();

    private void Update(in TKey key, in TValue value, ulong flags)
    {
        TValue copy = value;
        _map.Update(key, (byte*)&copy, flags);
    }
}
