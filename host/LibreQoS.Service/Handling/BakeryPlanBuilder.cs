using System.Globalization;
using LibreQoS.Bus.Protocol;
using LibreQoS.Config.LqosConf;
using LibreQoS.Core.Network;
using LibreQoS.Core.Shaping;
using LibreQoS.Planner;
using LibreQoS.Service.State;

namespace LibreQoS.Service.Handling;

/// <summary>
/// Turns a Bakery batch (a tree planned by the client, with its own class ids) into the <see cref="ShapingPlan"/> the
/// tc applier takes. The client's ids are kept exactly, because its IP mappings (<c>map_ip_to_flow</c>) point at them;
/// everything the client cannot know comes from lqos.conf: the interfaces, link rates, observe mode and leaf qdiscs.
/// </summary>
/// <remarks>
/// Every problem in the batch is reported at once (a minor used twice, a parent that is not a site of the batch, an
/// upload id that does not match the download id under the stick offset, a bad address), so the client's operator
/// fixes them in one go; nothing is applied while any remains.
/// </remarks>
internal static class BakeryPlanBuilder
{
    private const double MinRateMbps = 0.01;
    private const double MaxRateMbps = 10_000_000;

    /// <exception cref="BakeryException">The batch cannot be applied; the message lists why.</exception>
    public static ShapingPlan Build(LqosConfig config, BakerySnapshot batch, LeafQdiscPolicy leaves)
    {
        if (!batch.Started)
            throw new BakeryException("bakery_commit without bakery_start: there is no batch to apply");
        if (batch.Mq is not { } mq)
            throw new BakeryException("the batch has no bakery_mq_setup, so the number of queues is unknown");

        var problems = new List<string>();
        int offset = config.OnAStick ? mq.StickOffset : 0;
        if (mq.QueuesAvailable is < 1 or > 0x7FFE)
            problems.Add($"bakery_mq_setup: queues_available {mq.QueuesAvailable} is outside 1..{0x7FFE}");
        if (config.OnAStick && mq.StickOffset < mq.QueuesAvailable)
            problems.Add($"bakery_mq_setup: on a stick the upload trees need stick_offset >= queues_available ({mq.QueuesAvailable}), not {mq.StickOffset}");
        if (!config.OnAStick && mq.StickOffset != 0)
            problems.Add($"bakery_mq_setup: stick_offset must be 0 with two interfaces ([bridge] in lqos.conf), not {mq.StickOffset}");
        if (problems.Count > 0)
            throw new BakeryException(string.Join("; ", problems));

        var used = new Dictionary<(int Queue, int Minor), string>();
        var sites = new List<SiteEntry>();
        foreach (var site in batch.Sites)
        {
            string what = $"site '{site.SiteName}'";
            if (Place(what, site.ParentClassId, site.UpParentClassId, site.ClassMinor, mq.QueuesAvailable, offset, used, problems) is { } place)
                sites.Add(new SiteEntry(site, place.Queue, place.ParentMinor));
        }

        var byHandle = new Dictionary<(int, int), SiteEntry>();
        foreach (var site in sites)
            byHandle[(site.Queue, site.Request.ClassMinor)] = site;
        var nodes = OrderedNodes(sites, byHandle, problems);

        var circuits = new List<PlannedCircuit>();
        foreach (var c in batch.Circuits)
        {
            string what = $"circuit '{c.CircuitId}'";
            if (Place(what, c.ParentClassId, c.UpParentClassId, c.ClassMinor, mq.QueuesAvailable, offset, used, problems) is not { } place)
                continue;
            if (c.ClassMajor != place.Queue || c.UpClassMajor != place.Queue + offset)
            {
                problems.Add($"{what}: class_major {c.ClassMajor} / up_class_major {c.UpClassMajor} do not match its parent {c.ParentClassId} " +
                    $"(expected {place.Queue} / {place.Queue + offset})");
                continue;
            }
            string parentPath = "";
            if (place.ParentMinor != 0)
            {
                if (!byHandle.TryGetValue((place.Queue, place.ParentMinor), out var parent))
                {
                    problems.Add($"{what}: its parent {c.ParentClassId} is not a site of this batch");
                    continue;
                }
                if (!nodes.Paths.TryGetValue(parent, out parentPath!))
                    continue; // its parent is in a loop, reported above
            }
            if (c.SqmOverride is { } sqm && !SqmOverride.IsValid(sqm))
            {
                problems.Add($"{what}: sqm_override '{sqm}' is not cake, fq_codel, none or down/up of those");
                continue;
            }
            var addresses = new List<IpPrefix>();
            foreach (var part in c.IpAddresses.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (IpPrefix.TryParse(part, out var prefix, out string error))
                    addresses.Add(prefix);
                else
                    problems.Add($"{what}: {error}");
            }
            var download = Rates(c.DownloadBandwidthMin, c.DownloadBandwidthMax);
            var upload = Rates(c.UploadBandwidthMin, c.UploadBandwidthMax);
            circuits.Add(new PlannedCircuit(c.CircuitId, c.CircuitName ?? c.CircuitId, parentPath, place.Queue, (ushort)c.ClassMinor, (ushort)place.ParentMinor,
                download, upload, leaves.ForCircuit(c.SqmOverride ?? "", true, download.CeilMbps), leaves.ForCircuit(c.SqmOverride ?? "", false, upload.CeilMbps),
                addresses.Count == 0 ? [] : [new PlannedDevice("", addresses)]));
        }
        if (problems.Count > 0)
            throw new BakeryException($"{problems.Count} problem(s) in the Bakery batch: {string.Join("; ", problems)}");

        return new ShapingPlan(
            new PlanInterfaces(config.InterfaceA, config.InterfaceB, config.OnAStick, offset),
            mq.QueuesAvailable,
            config.Queues.DownlinkBandwidthMbps,
            config.Queues.UplinkBandwidthMbps,
            leaves.Infrastructure(),
            config.Queues.ObserveOnly,
            nodes.Planned,
            circuits);
    }

    private sealed record SiteEntry(BakeryAddSite Request, int Queue, int ParentMinor);

    private readonly record struct Placement(int Queue, int ParentMinor);

    /// <summary>Checks one class's ids: a queue that exists, a free minor, an upload parent matching the download one.</summary>
    private static Placement? Place(string what, string parentText, string upParentText, int minor, int queues, int offset,
        Dictionary<(int, int), string> used, List<string> problems)
    {
        if (!TryParseHandle(parentText, out var parent) || !TryParseHandle(upParentText, out var upParent))
        {
            problems.Add($"{what}: parent_class_id '{parentText}' / up_parent_class_id '{upParentText}' are not tc handles such as 0x1:0x3 or 0x1:");
            return null;
        }
        if (parent.Major < 1 || parent.Major > queues)
        {
            problems.Add($"{what}: parent {parentText} is on queue {parent.Major}, outside 1..{queues} (bakery_mq_setup)");
            return null;
        }
        if (upParent != new TcHandle((ushort)(parent.Major + offset), parent.Minor))
        {
            problems.Add($"{what}: up_parent_class_id {upParentText} should be {parent.Major + offset:x}:{parent.Minor:x} (parent {parentText}, stick offset {offset})");
            return null;
        }
        if (minor is < 3 or > 0xFFFE)
        {
            problems.Add($"{what}: class_minor {minor} is outside 3..0xfffe (1 and 2 are each queue's root and default classes)");
            return null;
        }
        if (used.TryGetValue((parent.Major, minor), out string? other))
        {
            problems.Add($"{what}: class {parent.Major:x}:{minor:x} is already {other}");
            return null;
        }
        used[(parent.Major, minor)] = what;
        return new Placement(parent.Major, parent.Minor);
    }

    /// <summary>
    /// Sites in depth-first order (parents first, siblings as received), each with its path of names from the top; a
    /// site whose parent is not a site of the batch, or that is its own ancestor, is a problem.
    /// </summary>
    private static (List<PlannedNode> Planned, Dictionary<SiteEntry, string> Paths) OrderedNodes(
        List<SiteEntry> sites, Dictionary<(int, int), SiteEntry> byHandle, List<string> problems)
    {
        var children = new Dictionary<SiteEntry, List<SiteEntry>>();
        var roots = new List<SiteEntry>();
        foreach (var site in sites)
        {
            if (site.ParentMinor == 0)
            {
                roots.Add(site);
            }
            else if (byHandle.TryGetValue((site.Queue, site.ParentMinor), out var parent))
            {
                if (!children.TryGetValue(parent, out var list))
                    children[parent] = list = [];
                list.Add(site);
            }
            else
            {
                problems.Add($"site '{site.Request.SiteName}': its parent {site.Request.ParentClassId} is not a site of this batch");
            }
        }

        var planned = new List<PlannedNode>();
        var paths = new Dictionary<SiteEntry, string>();
        var stack = new Stack<(SiteEntry Site, string ParentPath, int Depth)>();
        foreach (var root in Enumerable.Reverse(roots))
            stack.Push((root, "", 0));
        while (stack.Count > 0)
        {
            var (site, parentPath, depth) = stack.Pop();
            string path = parentPath.Length == 0 ? site.Request.SiteName : $"{parentPath}/{site.Request.SiteName}";
            paths[site] = path;
            var r = site.Request;
            planned.Add(new PlannedNode(r.SiteName, path, site.Queue, (ushort)r.ClassMinor, (ushort)site.ParentMinor, depth,
                Rates(r.DownloadBandwidthMin, r.DownloadBandwidthMax), Rates(r.UploadBandwidthMin, r.UploadBandwidthMax),
                r.SiteName.StartsWith("Generated_PN_", StringComparison.Ordinal)));
            if (children.TryGetValue(site, out var kids))
            {
                foreach (var kid in Enumerable.Reverse(kids))
                    stack.Push((kid, path, depth + 1));
            }
        }
        // Sites never reached hang below a cycle of parents.
        foreach (var site in sites.Where(s => !paths.ContainsKey(s) && byHandle.ContainsKey((s.Queue, s.ParentMinor))))
            problems.Add($"site '{site.Request.SiteName}': its chain of parents loops back to itself");
        return (planned, paths);
    }

    /// <summary>Upstream's clamp to 0.01..10,000,000 Mbps; a guaranteed rate above the ceiling is lowered to it.</summary>
    private static RateLimit Rates(double min, double max)
    {
        double ceil = Math.Clamp(double.IsFinite(max) ? max : MinRateMbps, MinRateMbps, MaxRateMbps);
        double rate = Math.Clamp(double.IsFinite(min) ? min : MinRateMbps, MinRateMbps, ceil);
        return new RateLimit(rate, ceil);
    }

    /// <summary><see cref="TcHandle.TryParse"/>'s forms plus a bare major (<c>"0x1"</c>), which upstream's Bakery reads as <c>0x1:</c>.</summary>
    internal static bool TryParseHandle(string text, out TcHandle handle)
    {
        if (TcHandle.TryParse(text, out handle) && handle != TcHandle.Root && text.Trim() != "none")
            return true;
        var bare = text.Trim().AsSpan();
        if (bare.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            bare = bare[2..];
        if (bare.Length is > 0 and <= 4 && ushort.TryParse(bare, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort major))
        {
            handle = new TcHandle(major, 0);
            return true;
        }
        handle = TcHandle.None;
        return false;
    }
}
