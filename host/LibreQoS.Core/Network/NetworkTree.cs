namespace LibreQoS.Core.Network;

/// <summary>The whole of network.json. An empty tree (<c>{}</c>) means a flat network.</summary>
public sealed class NetworkTree
{
    private Dictionary<string, NetworkNode>? _byName;
    private Dictionary<string, NetworkNode>? _byId;

    public NetworkTree(IReadOnlyList<NetworkNode> topLevel) => TopLevel = topLevel;

    public static NetworkTree Flat { get; } = new([]);

    public IReadOnlyList<NetworkNode> TopLevel { get; }

    public bool IsFlat => TopLevel.Count == 0;

    /// <summary>Every node, depth-first in file order.</summary>
    public IEnumerable<NetworkNode> AllNodes() => TopLevel.SelectMany(n => n.SelfAndDescendants());

    /// <summary>Looks a node up by name; with duplicate names (an invalid tree) the first one wins.</summary>
    public NetworkNode? FindByName(string name)
    {
        _byName ??= BuildIndex(n => n.Name);
        return _byName.GetValueOrDefault(name);
    }

    public NetworkNode? FindById(string id)
    {
        _byId ??= BuildIndex(n => n.Id);
        return _byId.GetValueOrDefault(id);
    }

    private Dictionary<string, NetworkNode> BuildIndex(Func<NetworkNode, string?> key)
    {
        var index = new Dictionary<string, NetworkNode>(StringComparer.Ordinal);
        foreach (var node in AllNodes())
        {
            if (key(node) is { Length: > 0 } k)
                index.TryAdd(k, node);
        }
        return index;
    }
}
