using LibreQoS.Core.Devices;

namespace LibreQoS.Planner;

/// <summary>
/// Gives every node and circuit an HTB minor within its queue's tree. Minor 1 is the queue's root class and 2 its
/// default class, so numbering starts at 3: first all nodes in depth-first order, then each node's circuits sorted
/// by name, with <see cref="CircuitPadding"/> spare minors after each group (upstream's layout). An item whose queue
/// and parent are unchanged keeps its minor from the previous run, which is what lets an update touch only the
/// classes that changed.
/// </summary>
internal sealed class ClassIdAllocator
{
    public const ushort FirstMinor = 3;
    public const int MaxMinor = 0xFFFE;
    public const int CircuitPadding = 8;

    private readonly MinorPool[] _pools;
    private readonly PlannerState _previous;

    private ClassIdAllocator(int queueCount, PlannerState previous)
    {
        _pools = Enumerable.Range(0, queueCount + 1).Select(q => new MinorPool(q)).ToArray();
        _previous = previous;
    }

    /// <summary>Returns each circuit's minor; node minors are set on the nodes.</summary>
    /// <exception cref="PlanningException">A queue would need more minors than a tc handle holds.</exception>
    public static Dictionary<string, ushort> Assign(List<PlanNode> topLevel, int queueCount, PlannerState previous)
    {
        var allocator = new ClassIdAllocator(queueCount, previous);
        var nodes = topLevel.SelectMany(n => n.SelfAndDescendants()).ToList();
        try
        {
            return allocator.AssignAll(nodes);
        }
        catch (MinorPoolExhaustedException ex)
        {
            int queue = ex.Queue;
            int siteCount = nodes.Count(n => n.Queue == queue);
            int circuitCount = nodes.Where(n => n.Queue == queue).Sum(n => n.Circuits.Count);
            throw new PlanningException(
                $"CPU queue {queue} needs more HTB class ids than fit in a tc minor (at most {MaxMinor - FirstMinor + 1}): " +
                $"it carries {siteCount} nodes and {circuitCount} circuits. Spread the network over more queues " +
                "(queues.override_available_queues, or a NIC with more queues) or split its largest top-level sites.");
        }
    }

    private Dictionary<string, ushort> AssignAll(List<PlanNode> nodes)
    {
        var circuitMinors = new Dictionary<string, ushort>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (_previous.Sites.TryGetValue(node.Path, out var site) && site.Queue == node.Queue
                && site.ParentPath == (node.Parent?.Path ?? "") && _pools[node.Queue].TryReserve(site.Minor))
            {
                node.Minor = site.Minor;
            }
            foreach (var circuit in node.Circuits)
            {
                if (_previous.Circuits.TryGetValue(circuit.CircuitId, out var known) && known.Queue == node.Queue
                    && known.ParentPath == node.Path && _pools[node.Queue].TryReserve(known.Minor))
                {
                    circuitMinors[circuit.CircuitId] = known.Minor;
                }
            }
        }

        foreach (var node in nodes.Where(n => n.Minor == 0))
            node.Minor = _pools[node.Queue].Take();

        foreach (var node in nodes)
        {
            bool added = false;
            foreach (var circuit in node.CircuitsByName)
            {
                if (circuitMinors.ContainsKey(circuit.CircuitId))
                    continue;
                circuitMinors[circuit.CircuitId] = _pools[node.Queue].Take();
                added = true;
            }
            if (added)
                _pools[node.Queue].Skip(CircuitPadding);
        }
        return circuitMinors;
    }

    private sealed class MinorPool(int queue)
    {
        private readonly HashSet<ushort> _used = [];
        private int _next = FirstMinor;

        public bool TryReserve(ushort minor) => minor is >= FirstMinor and <= MaxMinor && _used.Add(minor);

        public ushort Take()
        {
            while (_next <= MaxMinor && _used.Contains((ushort)_next))
                _next++;
            if (_next > MaxMinor)
                throw new MinorPoolExhaustedException(queue);
            _used.Add((ushort)_next);
            return (ushort)_next++;
        }

        public void Skip(int count) => _next += count;
    }

    private sealed class MinorPoolExhaustedException(int queue) : Exception
    {
        public int Queue { get; } = queue;
    }
}
