namespace LibreQoS.Planner;

/// <summary>
/// Puts each top-level node (and so its whole subtree) on a CPU queue. Nodes keep the queue they had in the
/// previous run, so a new site does not make others hop CPUs; new nodes go to the queue with the fewest
/// top-level nodes (round-robin on a first run) or, with bin-packing, the least subscriber load.
/// Generated parent nodes are pinned: <c>Generated_PN_k</c> is on queue k.
/// </summary>
internal static class QueuePlacement
{
    public static void Assign(List<PlanNode> topLevel, int queueCount, bool binPacking, IReadOnlyDictionary<string, int> previous)
    {
        var load = new double[queueCount + 1];
        var count = new int[queueCount + 1];
        void Place(PlanNode node, int queue)
        {
            node.Queue = queue;
            load[queue] += Weight(node);
            count[queue]++;
        }

        foreach (var generated in topLevel.Where(n => n.IsGenerated))
            Place(generated, generated.Queue);

        var pending = new List<PlanNode>();
        foreach (var node in topLevel.Where(n => !n.IsGenerated).OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            if (previous.TryGetValue(node.Name, out int queue) && queue >= 1 && queue <= queueCount)
                Place(node, queue);
            else
                pending.Add(node);
        }

        var order = binPacking
            ? pending.OrderByDescending(Weight).ThenBy(n => n.Name, StringComparer.Ordinal)
            : pending.AsEnumerable();
        foreach (var node in order)
        {
            int best = 1;
            for (int q = 2; q <= queueCount; q++)
            {
                bool better = binPacking ? load[q] < load[best] : count[q] < count[best];
                if (better)
                    best = q;
            }
            Place(node, best);
        }

        foreach (var node in topLevel)
        {
            foreach (var descendant in node.SelfAndDescendants())
                descendant.Queue = node.Queue;
        }
    }

    /// <summary>Subscriber load: the sum of the plans (download + upload maximum) of every circuit beneath.</summary>
    private static double Weight(PlanNode node) => node.AllCircuits().Sum(PhysicalTreeBuilder.Weight);
}
