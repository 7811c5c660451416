using LibreQoS.Core.Devices;
using LibreQoS.Core.Network;

namespace LibreQoS.Planner;

/// <summary>
/// Turns network.json into the tree that is shaped: virtual nodes removed with their children promoted, circuits
/// attached to their parent (or, under a virtual node, to its nearest real ancestor) and unparented circuits spread
/// over generated parent nodes. <see cref="Flatten(IEnumerable{PlanNode})"/> then folds nodes below
/// <see cref="MaxNodeDepth"/> into their ancestor there.
/// </summary>
internal static class PhysicalTreeBuilder
{
    /// <summary>Upstream keeps five levels and flattens everything deeper into the sixth; with circuits that is 7 HTB levels of the 8 allowed.</summary>
    public const int MaxNodeDepth = 6;

    public const string GeneratedNodePrefix = "Generated_PN_";

    public static List<PlanNode> Build(NetworkTree network, IReadOnlyList<Circuit> circuits, int queueCount, bool binPacking,
        double generatedDownload, double generatedUpload, ICollection<string> warnings)
    {
        var byName = new Dictionary<string, PlanNode>(StringComparer.Ordinal);
        var realAncestor = new Dictionary<string, PlanNode?>(StringComparer.Ordinal);
        var topLevel = new List<PlanNode>();
        foreach (var node in network.TopLevel)
            AddPhysical(node, null, topLevel, byName, realAncestor);

        var unparented = new List<Circuit>();
        foreach (var circuit in circuits)
        {
            var parent = ResolveParent(circuit, network, byName, realAncestor);
            if (parent is not null)
                parent.Circuits.Add(circuit);
            else
                unparented.Add(circuit);
        }

        if (unparented.Count > 0)
            topLevel.AddRange(GeneratedParents(unparented, queueCount, binPacking, generatedDownload, generatedUpload));

        if (topLevel.Count == 0)
            warnings.Add("nothing to shape: network.json has no nodes and ShapedDevices.csv no circuits");
        return topLevel;
    }

    private static void AddPhysical(NetworkNode node, PlanNode? parent, List<PlanNode> siblings,
        Dictionary<string, PlanNode> byName, Dictionary<string, PlanNode?> realAncestor)
    {
        if (node.IsVirtual)
        {
            realAncestor[node.Name] = parent;
            foreach (var child in node.Children)
                AddPhysical(child, parent, siblings, byName, realAncestor);
            return;
        }

        int depth = (parent?.Depth ?? 0) + 1;
        var planNode = new PlanNode(node.Name, parent is null ? node.Name : $"{parent.Path}/{node.Name}", depth, isGenerated: false)
        {
            Parent = parent,
            DownloadMax = node.DownloadMax,
            UploadMax = node.UploadMax,
            DownloadMin = node.DownloadMin,
            UploadMin = node.UploadMin,
        };
        siblings.Add(planNode);
        byName[node.Name] = planNode;
        foreach (var child in node.Children)
            AddPhysical(child, planNode, planNode.Children, byName, realAncestor);
    }

    private static PlanNode? ResolveParent(Circuit circuit, NetworkTree network, Dictionary<string, PlanNode> byName,
        Dictionary<string, PlanNode?> realAncestor)
    {
        string? name = circuit.ParentNodeId.Length > 0 && network.FindById(circuit.ParentNodeId) is { } byId ? byId.Name
            : circuit.HasParent ? circuit.ParentNode
            : null;
        if (name is null)
            return null;
        if (byName.TryGetValue(name, out var node))
            return node;
        return realAncestor.GetValueOrDefault(name);
    }

    /// <summary>
    /// One generated parent per queue. Circuits go round-robin in file order, or with bin-packing each (largest
    /// first) to the least-loaded parent, so every CPU carries a similar share of the unparented subscribers.
    /// </summary>
    private static IEnumerable<PlanNode> GeneratedParents(List<Circuit> circuits, int queueCount, bool binPacking,
        double download, double upload)
    {
        var parents = Enumerable.Range(1, queueCount).Select(k => new PlanNode($"{GeneratedNodePrefix}{k}", $"{GeneratedNodePrefix}{k}", 1, isGenerated: true)
        {
            DownloadMax = download,
            UploadMax = upload,
            Queue = k,
        }).ToList();

        if (!binPacking)
        {
            for (int i = 0; i < circuits.Count; i++)
                parents[i % queueCount].Circuits.Add(circuits[i]);
            return parents;
        }

        var load = new double[queueCount];
        foreach (var circuit in circuits.OrderByDescending(Weight).ThenBy(c => c.CircuitId, StringComparer.Ordinal))
        {
            int lightest = 0;
            for (int k = 1; k < queueCount; k++)
            {
                if (load[k] < load[lightest])
                    lightest = k;
            }
            parents[lightest].Circuits.Add(circuit);
            load[lightest] += Weight(circuit);
        }
        return parents;
    }

    internal static double Weight(Circuit circuit) => circuit.Limits.DownloadMax + circuit.Limits.UploadMax;

    /// <summary>Run after rates are inherited, so flattened nodes keep the caps of their real ancestors.</summary>
    public static void Flatten(IEnumerable<PlanNode> topLevel)
    {
        foreach (var node in topLevel)
            Flatten(node);
    }

    private static void Flatten(PlanNode node)
    {
        if (node.Depth < MaxNodeDepth - 1)
        {
            foreach (var child in node.Children)
                Flatten(child);
            return;
        }

        // node is at the last level that keeps its subtree's shape: every descendant becomes its direct child.
        var descendants = node.Children.SelectMany(c => c.SelfAndDescendants()).ToList();
        node.Children.Clear();
        foreach (var descendant in descendants)
        {
            var flat = new PlanNode(descendant.Name, $"{node.Path}/{descendant.Name}", node.Depth + 1, isGenerated: false)
            {
                Parent = node,
                DownloadMax = descendant.DownloadMax,
                UploadMax = descendant.UploadMax,
                DownloadMin = descendant.DownloadMin,
                UploadMin = descendant.UploadMin,
                DownloadRate = descendant.DownloadRate,
                UploadRate = descendant.UploadRate,
            };
            flat.Circuits.AddRange(descendant.Circuits);
            node.Children.Add(flat);
        }
    }
}
