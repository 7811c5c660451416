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
    private readonly Dictionary<(IpPrefix, bool), IpMapping> _mirror = [];

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
        lock (_mirror)
        {
            _mirror[(mapping.Prefix, mapping.Upload)] = mapping;
            if (!mapping.Upload)
                _kernel.Set(ToKernel(mapping));
        }
    }

    public bool Remove(IpPrefix prefix, bool upload)
    {
        lock (_mirror)
        {
            bool known = _mirror.Remove((prefix, upload));
            return upload ? known : _kernel.Remove(prefix) || known;
        }
    }

    public void Clear()
    {
        lock (_mirror)
        {
            _mirror.Clear();
            _kernel.Clear();
        }
    }

    public IReadOnlyList<IpMapping> List()
    {
        lock (_mirror)
            return [.. _mirror.Values];
    }

    public void ReplaceAll(IEnumerable<IpMapping> mappings)
    {
        lock (_mirror)
        {
            _mirror.Clear();
            foreach (var mapping in mappings)
                _mirror[(mapping.Prefix, mapping.Upload)] = mapping;
            var download = _mirror.Values.Where(m => !m.Upload).ToList();
            _kernel.Set(download.Select(ToKernel));
            var wanted = download.Select(m => m.Prefix).ToHashSet();
            _kernel.Remove(_kernel.List().Select(m => m.Prefix).Where(p => !wanted.Contains(p)).ToList());
        }
    }

    private KernelMapping ToKernel(IpMapping m) =>
        new(m.Prefix, (uint)(m.Cpu % _shapingCpus), m.Handle.Value, IdentityHash.ForKernel(m.CircuitId), IdentityHash.ForKernel(m.DeviceId));
}
