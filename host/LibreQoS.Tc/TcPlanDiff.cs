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
        if (!replaceAll && CircuitChangesOnly(current, next) is { } changes)
            return changes;

        // Both trees share their interfaces, so a class is keyed by its interface's position and its handle.
        string download = next.Plan.Interfaces.Download;
        long Key(TcClassItem item) => ((item.Device == download ? 0L : 1L) << 32) | item.ClassId.Value;

        var before = new Dictionary<long, TcClassItem>();
        foreach (var item in current.Items())
            before[Key(item)] = item;
        var after = new List<(long Key, TcClassItem Item)>(before.Count);
        var wanted = new Dictionary<long, TcClassItem>(before.Count);
        foreach (var item in next.Items())
        {
            long key = Key(item);
            after.Add((key, item));
            wanted[key] = item;
        }

        var deleted = new HashSet<long>();
        foreach (var (key, item) in before)
        {
            if (!wanted.TryGetValue(key, out var replacement) || replacement.Parent != item.Parent || replacement.IsCircuit != item.IsCircuit)
                deleted.Add(key);
        }
        if (deleted.Count > 0)
            CascadeToChildren(before, deleted, Key);

        var commands = new List<TcCommand>();
        foreach (var item in before.Where(pair => deleted.Contains(pair.Key)).Select(pair => pair.Value)
                     .OrderBy(i => i.IsCircuit ? 0 : 1).ThenByDescending(i => Depth(i, before, Key)))
            commands.Add(new ClassDelete(item.Device, item.ClassId));

        foreach (var (key, item) in after)
        {
            if (!before.TryGetValue(key, out var old) || deleted.Contains(key))
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
    /// The common case of a refresh, done without keying every class: the sites are the same and every circuit kept
    /// its place (queue, minor, parent), so only circuits whose rates or leaves changed get commands, in the order the
    /// general diff would give them. Null when the plans differ in anything else.
    /// </summary>
    private static List<TcCommand>? CircuitChangesOnly(TcTree current, TcTree next)
    {
        var (before, after) = (current.Plan, next.Plan);
        if (after.ObserveOnly || before.Circuits.Count != after.Circuits.Count || !before.Nodes.SequenceEqual(after.Nodes))
            return null;
        for (int i = 0; i < after.Circuits.Count; i++)
        {
            var (old, now) = (before.Circuits[i], after.Circuits[i]);
            if (old.CircuitId != now.CircuitId || old.Queue != now.Queue || old.Minor != now.Minor || old.ParentMinor != now.ParentMinor)
                return null;
        }

        var commands = new List<TcCommand>();
        foreach (bool download in (ReadOnlySpan<bool>)[true, false])
        {
            for (int i = 0; i < after.Circuits.Count; i++)
            {
                var (old, now) = (before.Circuits[i], after.Circuits[i]);
                bool rateChanged = download ? old.Download != now.Download : old.Upload != now.Upload;
                var (oldLeaf, newLeaf) = download ? (old.DownloadLeaf, now.DownloadLeaf) : (old.UploadLeaf, now.UploadLeaf);
                if (!rateChanged && Equals(oldLeaf, newLeaf))
                    continue;
                var item = next.CircuitItem(now, download);
                if (rateChanged)
                    commands.Add(next.ClassCommand(item));
                if (!Equals(oldLeaf, newLeaf))
                    commands.AddRange(LeafCommands(oldLeaf, item));
            }
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

    private static long ParentKey(TcClassItem item, Func<TcClassItem, long> key) => (key(item) & ~0xFFFF_FFFFL) | item.Parent.Value;

    private static void CascadeToChildren(Dictionary<long, TcClassItem> before, HashSet<long> deleted, Func<TcClassItem, long> key)
    {
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (var (itemKey, item) in before)
            {
                if (!deleted.Contains(itemKey) && item.Parent.Minor != 0 && deleted.Contains(ParentKey(item, key)))
                    grew |= deleted.Add(itemKey);
            }
        }
    }

    private static int Depth(TcClassItem item, Dictionary<long, TcClassItem> items, Func<TcClassItem, long> key)
    {
        int depth = 0;
        for (var current = item; current.Parent.Minor != 0 && items.TryGetValue(ParentKey(current, key), out var parent); current = parent)
            depth++;
        return depth;
    }
}
