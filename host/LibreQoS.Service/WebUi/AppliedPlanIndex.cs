using System.Collections.Concurrent;
using LibreQoS.Core.Shaping;
using LibreQoS.WebUi.Circuits;

namespace LibreQoS.Service.WebUi;

/// <summary>
/// The applied plan, indexed for the web UI: circuits by id, a lower-case search text per circuit, each node's
/// ancestors, and the orders of the static sort keys, computed once per plan so 100k rows page in milliseconds.
/// </summary>
public sealed class AppliedPlanIndex
{
    private readonly ConcurrentDictionary<CircuitSort, int[]> _orders = new();

    public AppliedPlanIndex(ShapingPlan plan)
    {
        Plan = plan;
        CircuitIndex = new Dictionary<string, int>(plan.Circuits.Count, StringComparer.Ordinal);
        for (int i = 0; i < plan.Circuits.Count; i++)
            CircuitIndex.TryAdd(plan.Circuits[i].CircuitId, i);
        SearchText = [.. plan.Circuits.Select(SearchTextOf)];
        NodeIndex = new Dictionary<string, int>(plan.Nodes.Count, StringComparer.Ordinal);
        for (int i = 0; i < plan.Nodes.Count; i++)
            NodeIndex.TryAdd(plan.Nodes[i].Path, i);
        // The Shaped Devices page opens sorted by name: sort now, while the plan loads, not on the first page view.
        Order(CircuitSort.Name);
    }

    public static AppliedPlanIndex Empty { get; } = new(new ShapingPlan(new PlanInterfaces("", "", false, 0), 0, 0, 0, null, false, [], []));

    public ShapingPlan Plan { get; }

    public Dictionary<string, int> CircuitIndex { get; }

    public Dictionary<string, int> NodeIndex { get; }

    public string[] SearchText { get; }

    /// <summary>Circuit positions in ascending order of <paramref name="sort"/> (not for the live <see cref="CircuitSort.Traffic"/>).</summary>
    public int[] Order(CircuitSort sort) => _orders.GetOrAdd(sort, key =>
    {
        var circuits = Plan.Circuits;
        var order = Enumerable.Range(0, circuits.Count).ToArray();
        Comparison<int> compare = key switch
        {
            CircuitSort.Id => (a, b) => string.CompareOrdinal(circuits[a].CircuitId, circuits[b].CircuitId),
            CircuitSort.Parent => (a, b) => string.Compare(circuits[a].ParentPath, circuits[b].ParentPath, StringComparison.OrdinalIgnoreCase),
            CircuitSort.Download => (a, b) => circuits[a].Download.CeilMbps.CompareTo(circuits[b].Download.CeilMbps),
            CircuitSort.Upload => (a, b) => circuits[a].Upload.CeilMbps.CompareTo(circuits[b].Upload.CeilMbps),
            _ => (a, b) => string.Compare(circuits[a].CircuitName, circuits[b].CircuitName, StringComparison.OrdinalIgnoreCase),
        };
        // Ties fall back to the plan's order, so paging is stable.
        Array.Sort(order, (a, b) => compare(a, b) is var c && c != 0 ? c : a.CompareTo(b));
        return order;
    });

    /// <summary>The node paths from the top level down to <paramref name="path"/> ("A", "A/B", "A/B/C").</summary>
    public IEnumerable<int> NodeAndAncestors(string path)
    {
        for (int slash = path.IndexOf('/'); ; slash = path.IndexOf('/', slash + 1))
        {
            string prefix = slash < 0 ? path : path[..slash];
            if (NodeIndex.TryGetValue(prefix, out int index))
                yield return index;
            if (slash < 0)
                yield break;
        }
    }

    private static string SearchTextOf(PlannedCircuit circuit) =>
        string.Join('\n', [circuit.CircuitId, circuit.CircuitName, circuit.ParentPath,
            .. circuit.Devices.Select(d => d.DeviceId), .. circuit.Devices.SelectMany(d => d.Addresses).Select(a => a.ToString())]).ToLowerInvariant();
}

/// <summary>Reloads <c>applied_plan.json</c> when a refresh or a Bakery batch rewrote it.</summary>
public sealed class AppliedPlanCache(Func<string> planPath)
{
    private readonly Lock _lock = new();
    private (string Path, DateTime Written, AppliedPlanIndex Index) _current = ("", default, AppliedPlanIndex.Empty);

    public AppliedPlanIndex Current
    {
        get
        {
            string path = planPath();
            DateTime written = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : default;
            var current = _current;
            if (current.Path == path && current.Written == written)
                return current.Index;
            lock (_lock)
            {
                if (_current.Path != path || _current.Written != written)
                {
                    var plan = written == default ? null : Shaping.PlanJson.Load(path);
                    _current = (path, written, plan is null ? AppliedPlanIndex.Empty : new AppliedPlanIndex(plan));
                }
                return _current.Index;
            }
        }
    }
}
