using LibreQoS.Core.Shaping;

namespace LibreQoS.Tc;

/// <summary>
/// The commands that turn the tree of one plan into the tree of another without touching the infrastructure:
/// first delete classes that are gone or must move (HTB cannot re-parent a class; a deleted class takes its
/// children and leaf with it, so children of deleted classes are deleted first and re-added), deepest first; then
/// add or change the rest, parents first. Unchanged classes get no command, so they keep their counters.
/// </summary>
public static class TcPlanDiff
{
    /// <param name="replaceAll">Also re-issue unchanged classes (idempotent): a full refresh that trusts only the plan, not the kernel.</param>
    /// <returns>Null when the infrastructure differs and the tree must be rebuilt.</returns>
    public static IReadOnlyList<TcCommand>? Commands(TcTree current, TcTree next, bool replaceAll = false)
    {
        if (!current.SameInfrastructureAs(next))
            return null;

        var before = current.Items().ToDictionary(Key);
        var after = next.Items().ToDictionary(Key);
        var deleted = new HashSet<(string, TcHandle)>();
        foreach (var (key, item) in before)
        {
            if (!after.TryGetValue(key, out var wanted) || wanted.Parent != item.Parent || wanted.IsCircuit != item.IsCircuit)
                deleted.Add(key);
        }
        CascadeToChildren(before, deleted);

        var commands = new List<TcCommand>();
        foreach (var item in before.Values.Where(i => deleted.Contains(Key(i))).OrderBy(i => i.IsCircuit ? 0 : 1).ThenByDescending(i => Depth(i, before)))
            commands.Add(new ClassDelete(item.Device, item.ClassId));

        foreach (var item in after.Values)
        {
            if (!before.TryGetValue(Key(item), out var old) || deleted.Contains(Key(item)))
            {
                commands.AddRange(next.ReplaceCommands(item));
                continue;
            }
            if (replaceAll || old.Rate != item.Rate || old.Prio != item.Prio)
                commands.Add(next.ClassCommand(item));
            if (replaceAll || !Equals(old.Leaf, item.Leaf))
                commands.AddRange(LeafCommands(old.Leaf, item));
        }
        return commands;
    }

    /// <summary>
    /// A class that never had a leaf of ours keeps HTB's default one, which cannot be deleted; so a removed leaf is
    /// deleted only if there was one.
    /// </summary>
    private static IEnumerable<TcCommand> LeafCommands(LeafQdisc? old, TcClassItem item)
    {
        if (item.Leaf is not null)
            yield return new QdiscReplace(item.Device, item.ClassId, null, item.Leaf);
        else if (old is not null)
            yield return new QdiscDelete(item.Device, item.ClassId);
    }

    private static (string, TcHandle) Key(TcClassItem item) => (item.Device, item.ClassId);

    private static void CascadeToChildren(Dictionary<(string, TcHandle), TcClassItem> before, HashSet<(string, TcHandle)> deleted)
    {
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (var (key, item) in before)
            {
                if (!deleted.Contains(key) && item.Parent.Minor != 0 && deleted.Contains((item.Device, item.Parent)))
                    grew |= deleted.Add(key);
            }
        }
    }

    private static int Depth(TcClassItem item, Dictionary<(string, TcHandle), TcClassItem> items)
    {
        int depth = 0;
        for (var parent = item.Parent; parent.Minor != 0 && items.TryGetValue((item.Device, parent), out var p); parent = p.Parent)
            depth++;
        return depth;
    }
}
