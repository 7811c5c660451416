namespace LibreQoS.Core.Network;

/// <summary>
/// A node of network.json (site, AP, ...). A zero or missing maximum means "inherit from the parent".
/// </summary>
/// <param name="Name">The node's key in network.json, unique across the tree.</param>
/// <param name="SourceLine">1-based line of the node's key in network.json; 0 when not read from a file.</param>
public sealed record NetworkNode(
    string Name,
    string? Id,
    string? DisplayName,
    string? Type,
    bool IsVirtual,
    double? DownloadMax,
    double? UploadMax,
    double? DownloadMin,
    double? UploadMin,
    double? Latitude,
    double? Longitude,
    IReadOnlyList<NetworkNode> Children,
    int SourceLine)
{
    /// <summary>Depth-first, parents before children.</summary>
    public IEnumerable<NetworkNode> SelfAndDescendants()
    {
        var stack = new Stack<NetworkNode>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            for (int i = node.Children.Count - 1; i >= 0; i--)
                stack.Push(node.Children[i]);
        }
    }
}
