namespace LibreQoS.Core.Shaping;

/// <summary>
/// Adds a per-circuit metric up the network tree of a plan: each node gets the sum over every circuit below it, at
/// any depth. Ancestors come from the plan's class parents (queue and parent minor), not from splitting paths, so a
/// site name containing '/' does not invent nodes. Built once per plan; summing is one pass over the circuits.
/// </summary>
public sealed class TreeRollup
{
    private readonly Dictionary<string, string[]> _ancestorsOfCircuit;

    public TreeRollup(ShapingPlan plan)
    {
        var byClass = new Dictionary<(int Queue, ushort Minor), PlannedNode>();
        foreach (var node in plan.Nodes)
            byClass.TryAdd((node.Queue, node.Minor), node);
        var byPath = new Dictionary<string, PlannedNode>(StringComparer.Ordinal);
        foreach (var node in plan.Nodes)
            byPath.TryAdd(node.Path, node);

        var chains = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string[] ChainOf(PlannedNode node)
        {
            if (chains.TryGetValue(node.Path, out var known))
                return known;
            var chain = node.ParentMinor != 0 && byClass.TryGetValue((node.Queue, node.ParentMinor), out var parent) && parent != node
                ? [node.Path, .. ChainOf(parent)]
                : new[] { node.Path };
            chains[node.Path] = chain;
            return chain;
        }

        _ancestorsOfCircuit = new Dictionary<string, string[]>(plan.Circuits.Count, StringComparer.Ordinal);
        foreach (var circuit in plan.Circuits)
            _ancestorsOfCircuit.TryAdd(circuit.CircuitId, byPath.TryGetValue(circuit.ParentPath, out var node) ? ChainOf(node) : []);
        NodePaths = [.. plan.Nodes.Select(n => n.Path)];
    }

    /// <summary>Every node of the plan, parents before children.</summary>
    public IReadOnlyList<string> NodePaths { get; }

    /// <summary>The node paths above a circuit, nearest first; empty for a circuit hanging off the root or not in the plan.</summary>
    public IReadOnlyList<string> AncestorsOf(string circuitId) => _ancestorsOfCircuit.GetValueOrDefault(circuitId, []);

    /// <summary>Per node path, the sum of <paramref name="perCircuit"/> over the circuits below it; nodes with no such circuit are absent.</summary>
    public Dictionary<string, T> Sum<T>(IEnumerable<KeyValuePair<string, T>> perCircuit, Func<T, T, T> add)
    {
        var sums = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (circuitId, value) in perCircuit)
        {
            foreach (var path in AncestorsOf(circuitId))
                sums[path] = sums.TryGetValue(path, out var sum) ? add(sum, value) : value;
        }
        return sums;
    }
}
