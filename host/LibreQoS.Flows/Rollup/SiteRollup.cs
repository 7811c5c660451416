namespace LibreQoS.Flows.Rollup;

/// <summary>
/// Rolls a per-circuit metric up network.json: every node gets the combination of the circuits anywhere beneath
/// it. Nodes are named by their path ("Site/AP"), as the applied plan's circuits name their parent, so a circuit
/// counts in its parent node and in each of that node's ancestors. Generic so that any metric plugs in: sums
/// (throughput, retransmits, drops, marks) through <see cref="Sum"/>, RTT through samples pooled per node.
/// </summary>
public static class SiteRollup
{
    /// <summary>
    /// <paramref name="add"/> folds a circuit's value into a node's accumulator (created by <paramref name="seed"/>);
    /// it may mutate and return the same accumulator.
    /// </summary>
    /// <param name="circuits">Each circuit's parent node path ("" for a circuit at the top) and its value.</param>
    public static Dictionary<string, TNode> Roll<TCircuit, TNode>(IEnumerable<(string ParentPath, TCircuit Value)> circuits, Func<TNode> seed, Func<TNode, TCircuit, TNode> add)
    {
        ArgumentNullException.ThrowIfNull(circuits);
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(add);
        var nodes = new Dictionary<string, TNode>(StringComparer.Ordinal);
        foreach (var (parentPath, value) in circuits)
        {
            foreach (string node in SelfAndAncestors(parentPath))
                nodes[node] = add(nodes.TryGetValue(node, out var acc) ? acc : seed(), value);
        }
        return nodes;
    }

    /// <summary>The sum of a numeric metric per node.</summary>
    public static Dictionary<string, long> Sum(IEnumerable<(string ParentPath, long Value)> circuits) =>
        Roll<long, long>(circuits, () => 0, (sum, value) => sum + value);

    /// <summary>"A/B/C" → "A/B/C", "A/B", "A"; nothing for "".</summary>
    public static IEnumerable<string> SelfAndAncestors(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        for (string current = path; current.Length > 0;)
        {
            yield return current;
            int slash = current.LastIndexOf('/');
            current = slash > 0 ? current[..slash] : "";
        }
    }
}
