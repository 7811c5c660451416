using System.Runtime.InteropServices;
using LibreQoS.Bpf.Native;
using Microsoft.Win32.SafeHandles;

namespace LibreQoS.Bpf.Maps;

/// <summary>
/// A per-CPU map: each key has one value per possible CPU, which the kernel programs update without locks and
/// userspace reads all at once. Values are exchanged as arrays indexed by CPU.
/// </summary>
/// <remarks>The kernel pads each CPU's copy to 8 bytes; <typeparamref name="TValue"/> must already be a multiple of 8.</remarks>
internal sealed unsafe class PerCpuBpfMap<TKey, TValue> : IDisposable
    where TKey : unmanaged
    where TValue : unmanaged
{
    private readonly RawBpfMap<TKey> _map;

    /// <summary>Takes ownership of <paramref name="fd"/>; checks the map's key and value sizes against the types.</summary>
    public PerCpuBpfMap(SafeFileHandle fd, string name)
    {
        var (info, _) = BpfMapInfo.Query(fd, name);
        string? mismatch = !info.IsPerCpu ? $"BPF map {name} is not per-CPU; open it as a BpfMap"
            : info.ValueSize != sizeof(TValue) || sizeof(TValue) % 8 != 0 ? $"BPF map {name} has {info.ValueSize}-byte values, but {typeof(TValue).Name} is {sizeof(TValue)} bytes"
            : null;
        if (mismatch is not null)
        {
            fd.Dispose();
            throw new BpfException(mismatch);
        }
        CpuCount = PossibleCpus.Count;
        _map = new RawBpfMap<TKey>(fd, name, info, sizeof(TValue) * CpuCount);
    }

    public static PerCpuBpfMap<TKey, TValue> OpenPinned(string path) => new(BpfMapFd.OpenPinned(path), Path.GetFileName(path));

    public string Name => _map.Name;

    /// <summary>Length of every value array: the possible CPUs, online or not.</summary>
    public int CpuCount { get; }

    public bool TryLookup(in TKey key, out TValue[] perCpu)
    {
        var values = new TValue[CpuCount];
        fixed (TValue* v = values)
        {
            bool found = _map.TryLookup(key, (byte*)v);
            perCpu = found ? values : [];
            return found;
        }
    }

    public void Update(in TKey key, ReadOnlySpan<TValue> perCpu)
    {
        if (perCpu.Length != CpuCount)
            throw new ArgumentException($"expected {CpuCount} per-CPU values, got {perCpu.Length}", nameof(perCpu));
        fixed (TValue* v = perCpu)
            _map.Update(key, (byte*)v, LibBpf.BPF_ANY);
    }

    public bool Delete(in TKey key) => _map.Delete(key);

    public int DeleteBatch(ReadOnlySpan<TKey> keys) => _map.DeleteBatch(keys);

    /// <summary>A snapshot of every entry with its per-CPU values.</summary>
    public List<KeyValuePair<TKey, TValue[]>> ReadAll()
    {
        var entries = new List<KeyValuePair<TKey, TValue[]>>();
        _map.ReadAll((in TKey key, ReadOnlySpan<byte> value) =>
            entries.Add(new(key, MemoryMarshal.Cast<byte, TValue>(value).ToArray())));
        return entries;
    }

    public void Dispose() => _map.Dispose();
}
