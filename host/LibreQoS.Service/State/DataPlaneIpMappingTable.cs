using LibreQoS.Core.Network;
using LibreQoS.Core.Shaping;
using KernelMapping = LibreQoS.Bpf.DataPlane.IpMapping;
using KernelTable = LibreQoS.Bpf.DataPlane.IpMappingTable;

namespace LibreQoS.Service.State;

/// <summary>
/// The mapping table backed by the XDP classifier's pinned LPM trie. A mirror keeps what the kernel does not
/// store (circuit and device ids as text, the upload flag); on a stick the kernel derives the upload class from
/// the download mapping, so upload entries live only in the mirror. With more queues than shaping CPUs
/// (<c>override_available_queues</c>), queue q's traffic is steered to CPU (q-1) mod CPUs: the class, which the
/// TC egress program picks from the handle, is unaffected.
/// </summary>
public sealed class DataPlaneIpMappingTable : IIpMappingTable
{
    private readonly KernelTable _kernel;
    private readonly int _shapingCpus;
    private readonly Lock _gate = new();
    private Dictionary<(IpPrefix, bool), IpMapping> _mirror = [];

    /// <summary>Starts from what the pinned map already holds (lqosd restarted while shaping went on).</summary>
    public DataPlaneIpMappingTable(KernelTable kernel, int shapingCpus)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shapingCpus, 1);
        _kernel = kernel;
        _shapingCpus = shapingCpus;
        foreach (var m in kernel.List())
            _mirror[(m.Prefix, false)] = new IpMapping(m.Prefix, TcHandle.FromValue(m.TcHandle), (int)m.Cpu, false, $"#{m.CircuitId:x16}", $"#{m.DeviceId:x16}");
    }

    public void Upsert(IpMapping mapping)
    {
        lock (_gate)
        {
            _mirror[(mapping.Prefix, mapping.Upload)] = mapping;
            if (!mapping.Upload)
                _kernel.Set(ToKernel(mapping));
        }
    }

    public bool Remove(IpPrefix prefix, bool upload)
    {
        lock (_gate)
        {
            bool known = _mirror.Remove((prefix, upload));
            return upload ? known : _kernel.Remove(prefix) || known;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _mirror.Clear();
            _kernel.Clear();
        }
    }

    public IReadOnlyList<IpMapping> List()
    {
        lock (_gate)
            return [.. _mirror.Values];
    }

    /// <summary>
    /// Writes only the entries that differ from the mirror and removes the ones no longer wanted, so a refresh that
    /// changed one circuit touches the kernel map once, not for every subscriber. The mirror starts as the pinned
    /// map's content and every change goes through here, so it stands for the kernel.
    /// </summary>
    public void ReplaceAll(IEnumerable<IpMapping> mappings)
    {
        lock (_gate)
        {
            var next = new Dictionary<(IpPrefix, bool), IpMapping>(_mirror.Count);
            foreach (var mapping in mappings)
                next[(mapping.Prefix, mapping.Upload)] = mapping;
            var changed = next.Values.Where(m => !m.Upload && (!_mirror.TryGetValue((m.Prefix, false), out var old) || old != m)).ToList();
            var gone = _mirror.Keys.Where(key => !key.Item2 && !next.ContainsKey(key)).Select(key => key.Item1).ToList();
            if (changed.Count > 0)
                _kernel.Set(changed.Select(ToKernel));
            if (gone.Count > 0)
                _kernel.Remove(gone);
            _mirror = next;
        }
    }

    private KernelMapping ToKernel(IpMapping m) =>
        new(m.Prefix, (uint)(m.Cpu % _shapingCpus), m.Handle.Value, IdentityHash.ForKernel(m.CircuitId), IdentityHash.ForKernel(m.DeviceId));
}
