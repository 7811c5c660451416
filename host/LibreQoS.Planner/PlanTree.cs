using LibreQoS.Core.Devices;

namespace LibreQoS.Planner;

/// <summary>The planner's working copy of one physical node: rates are filled in and ids assigned step by step.</summary>
internal sealed class PlanNode(string name, string path, int depth, bool isGenerated)
{
    public string Name { get; } = name;
    public string Path { get; } = path;
    public int Depth { get; } = depth;
    public bool IsGenerated { get; } = isGenerated;
    public PlanNode? Parent { get; set; }
    public List<PlanNode> Children { get; } = [];
    public List<Circuit> Circuits { get; } = [];

    /// <summary>
    /// Upstream's order for the node's circuits (by name, then id), which decides their minors on a first run and the
    /// plan's order. Sorted on first use, once the tree is final.
    /// </summary>
    public IReadOnlyList<Circuit> CircuitsByName => _circuitsByName ??=
        [.. Circuits.OrderBy(c => c.CircuitName, StringComparer.Ordinal).ThenBy(c => c.CircuitId, StringComparer.Ordinal)];

    private List<Circuit>? _circuitsByName;

    public double? DownloadMax { get; set; }
    public double? UploadMax { get; set; }
    public double? DownloadMin { get; set; }
    public double? UploadMin { get; set; }
    /// <summary>Sum of the minimums of every circuit at or below this node.</summary>
    public double CircuitMinDownload { get; set; }
    public double CircuitMinUpload { get; set; }
    public double DownloadRate { get; set; }
    public double UploadRate { get; set; }

    public int Queue { get; set; }
    public ushort Minor { get; set; }

    public IEnumerable<PlanNode> SelfAndDescendants()
    {
        yield return this;
        foreach (var child in Children)
        {
            foreach (var node in child.SelfAndDescendants())
                yield return node;
        }
    }

    public IEnumerable<Circuit> AllCircuits() => SelfAndDescendants().SelectMany(n => n.Circuits);
}
