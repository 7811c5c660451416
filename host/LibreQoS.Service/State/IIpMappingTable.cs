using LibreQoS.Core.Shaping;

namespace LibreQoS.Service.State;

/// <summary>
/// The IP → (CPU, class) mappings the XDP classifier uses. lqosd keeps them here; the data plane (BPF maps) is
/// one implementation, an in-memory table the other (no kernel programs loaded).
/// </summary>
public interface IIpMappingTable
{
    void Upsert(IpMapping mapping);

    bool Remove(Core.Network.IpPrefix prefix, bool upload);

    void Clear();

    IReadOnlyList<IpMapping> List();

    /// <summary>Makes the table exactly <paramref name="mappings"/>: adds and changes them, removes every other entry.</summary>
    void ReplaceAll(IEnumerable<IpMapping> mappings);
}

public sealed class InMemoryIpMappingTable : IIpMappingTable
{
    private readonly Dictionary<(Core.Network.IpPrefix, bool), IpMapping> _entries = [];

    public void Upsert(IpMapping mapping)
    {
        lock (_entries)
            _entries[(mapping.Prefix, mapping.Upload)] = mapping;
    }

    public bool Remove(Core.Network.IpPrefix prefix, bool upload)
    {
        lock (_entries)
            return _entries.Remove((prefix, upload));
    }

    public void Clear()
    {
        lock (_entries)
            _entries.Clear();
    }

    public IReadOnlyList<IpMapping> List()
    {
        lock (_entries)
            return [.. _entries.Values];
    }

    public void ReplaceAll(IEnumerable<IpMapping> mappings)
    {
        lock (_entries)
        {
            _entries.Clear();
            foreach (var mapping in mappings)
                _entries[(mapping.Prefix, mapping.Upload)] = mapping;
        }
    }
}
