using LibreQoS.Bpf.Abi;
using LibreQoS.Bpf.Maps;
using LibreQoS.Core.Network;

namespace LibreQoS.Bpf.DataPlane;

/// <summary>
/// The pinned LPM trie from customer addresses to {CPU, HTB class, circuit, device}. Changes take effect on the
/// next packet (there is no cache in front of the trie) and survive lqosd restarts. Safe to use from any thread.
/// </summary>
public sealed class IpMappingTable : IDisposable
{
    /// <summary>Entries per batch syscall; bounds the buffers, not the total.</summary>
    private const int BatchSize = 16384;

    private readonly BpfMap<IpHashKey, IpHashInfo> _map;
    private readonly int _cpuLimit;

    internal IpMappingTable(BpfMap<IpHashKey, IpHashInfo> map, int cpuLimit)
    {
        _map = map;
        _cpuLimit = cpuLimit;
    }

    /// <summary>How many mappings the kernel table can hold (upstream's MAX_TRACKED_IPS).</summary>
    public int Capacity => (int)_map.Info.MaxEntries;

    /// <summary>Whether the kernel took the last batch in one syscall (false: one syscall per entry).</summary>
    public bool UsesBatchSyscalls => _map.UsesBatchSyscalls;

    /// <summary>Adds or replaces the mappings, in batches; returns how many were written.</summary>
    /// <exception cref="BpfException">With E2BIG when the table is full.</exception>
    public int Set(IEnumerable<IpMapping> mappings)
    {
        ArgumentNullException.ThrowIfNull(mappings);
        int written = 0;
        foreach (var chunk in mappings.Chunk(BatchSize))
        {
            var keys = new IpHashKey[chunk.Length];
            var values = new IpHashInfo[chunk.Length];
            for (int i = 0; i < chunk.Length; i++)
            {
                var mapping = chunk[i];
                if (mapping.Cpu >= _cpuLimit)
                    throw new ArgumentOutOfRangeException(nameof(mappings), $"{mapping.Prefix}: CPU {mapping.Cpu} is beyond this machine's {_cpuLimit} possible CPUs");
                keys[i] = KernelAddress.ToKey(mapping.Prefix);
                values[i] = new IpHashInfo { Cpu = mapping.Cpu, TcHandle = mapping.TcHandle, CircuitId = mapping.CircuitId, DeviceId = mapping.DeviceId };
            }
            _map.UpdateBatch(keys, values);
            written += chunk.Length;
        }
        return written;
    }

    public void Set(IpMapping mapping) => Set([mapping]);

    /// <summary>Removes the exact prefix (not a covering or covered one); false when it was not mapped.</summary>
    public bool Remove(IpPrefix prefix) => _map.Delete(KernelAddress.ToKey(prefix));

    /// <summary>Removes those of the prefixes that are mapped; returns how many were.</summary>
    public int Remove(IEnumerable<IpPrefix> prefixes)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        int removed = 0;
        foreach (var chunk in prefixes.Select(KernelAddress.ToKey).Chunk(BatchSize))
            removed += _map.DeleteBatch(chunk);
        return removed;
    }

    /// <summary>Removes every mapping; returns how many there were.</summary>
    public int Clear()
    {
        int removed = 0;
        foreach (var chunk in _map.Keys().Chunk(BatchSize))
            removed += _map.DeleteBatch(chunk);
        return removed;
    }

    /// <summary>Whether the host address falls under a mapping (the longest-prefix match the classifier does).</summary>
    public bool Covers(IpPrefix host) => _map.TryLookup(KernelAddress.ToKey(host), out _);

    /// <summary>A snapshot of every mapping, in the trie's order.</summary>
    public IReadOnlyList<IpMapping> List() =>
        _map.ReadAll().Select(entry => new IpMapping(KernelAddress.FromKey(entry.Key), entry.Value.Cpu, entry.Value.TcHandle,
            entry.Value.CircuitId, entry.Value.DeviceId)).ToList();

    public void Dispose() => _map.Dispose();
}
