using LibreQoS.Core.Shaping;

namespace LibreQoS.Tc;

/// <summary>One HTB class of a plan on one interface, with the leaf qdisc under it (circuits only).</summary>
public sealed record TcClassItem(string Device, TcHandle ClassId, TcHandle Parent, RateLimit Rate, int Prio, LeafQdisc? Leaf, bool IsCircuit);

/// <summary>
/// A plan as tc objects: the infrastructure (mq root, one HTB qdisc per queue with its root and default class) and
/// the classes of nodes and circuits on each interface. The download direction lives on the ISP-facing interface,
/// the upload direction on the Internet-facing one (on a stick, both on one interface, upload majors offset).
/// </summary>
public sealed class TcTree
{
    public const int SitePrio = 3;
    public const int CircuitPrio = 3;
    public const int DefaultClassPrio = 5;

    private TcTree(ShapingPlan plan)
    {
        Plan = plan;
        R2q = TcRate.R2q(Math.Max(plan.DownlinkMbps, plan.UplinkMbps));
    }

    public ShapingPlan Plan { get; }

    public int R2q { get; }

    public static TcTree Of(ShapingPlan plan) => new(plan);

    /// <summary>The commands that build the whole tree on interfaces that have no LibreQoS tree yet.</summary>
    public IEnumerable<TcCommand> BuildCommands() => InfrastructureCommands().Concat(Items().SelectMany(ReplaceCommands));

    /// <summary>Removes every LibreQoS tree (and so all shaping) from the plan's interfaces.</summary>
    public IEnumerable<TcCommand> TeardownCommands() => Plan.Interfaces.Distinct.Select(d => new QdiscDelete(d, TcHandle.Root));

    public IEnumerable<TcCommand> InfrastructureCommands()
    {
        foreach (var device in Plan.Interfaces.Distinct)
            yield return new QdiscReplace(device, TcHandle.Root, TcHandle.MqRootMajor, new LeafQdisc(["mq"]));
        if (Plan.ObserveOnly)
            yield break;

        foreach (var (device, major, linkMbps) in QueueTrees())
        {
            int quantum = TcRate.Quantum(linkMbps, R2q);
            yield return new QdiscReplace(device, new TcHandle(TcHandle.MqRootMajor, major), major, new LeafQdisc(["htb", "default", "2"]));
            yield return new HtbClassReplace(device, new TcHandle(major, 0), new TcHandle(major, 1), new RateLimit(linkMbps, linkMbps), null, quantum);
            var defaultRate = new RateLimit(Math.Max(0.01, (linkMbps - 1) / 4), Math.Max(0.01, linkMbps - 1));
            yield return new HtbClassReplace(device, new TcHandle(major, 1), new TcHandle(major, 2), defaultRate, DefaultClassPrio, quantum);
            if (Plan.InfrastructureLeaf is { } leaf)
                yield return new QdiscReplace(device, new TcHandle(major, 2), null, leaf);
        }
    }

    /// <summary>Node classes (parents first) then circuit classes, for both directions.</summary>
    public IEnumerable<TcClassItem> Items()
    {
        if (Plan.ObserveOnly)
            yield break;
        foreach (var direction in Directions())
        {
            foreach (var node in Plan.Nodes)
            {
                ushort major = direction.Major(node.Queue);
                yield return new TcClassItem(direction.Device, new TcHandle(major, node.Minor), new TcHandle(major, node.ParentMinor),
                    direction.Download ? node.Download : node.Upload, SitePrio, null, false);
            }
        }
        foreach (var direction in Directions())
        {
            foreach (var circuit in Plan.Circuits)
                yield return CircuitItem(circuit, direction);
        }
    }

    /// <summary>A circuit's class on the download (ISP-facing) or upload interface.</summary>
    public TcClassItem CircuitItem(PlannedCircuit circuit, bool download) => CircuitItem(circuit, download ? DownloadDirection : UploadDirection);

    private static TcClassItem CircuitItem(PlannedCircuit circuit, Direction direction)
    {
        ushort major = direction.Major(circuit.Queue);
        return new TcClassItem(direction.Device, new TcHandle(major, circuit.Minor), new TcHandle(major, circuit.ParentMinor),
            direction.Download ? circuit.Download : circuit.Upload, CircuitPrio, direction.Download ? circuit.DownloadLeaf : circuit.UploadLeaf, true);
    }

    public IEnumerable<TcCommand> ReplaceCommands(TcClassItem item)
    {
        yield return ClassCommand(item);
        if (item.Leaf is not null)
            yield return new QdiscReplace(item.Device, item.ClassId, null, item.Leaf);
    }

    public HtbClassReplace ClassCommand(TcClassItem item) =>
        new(item.Device, item.Parent, item.ClassId, item.Rate, item.Prio, TcRate.Quantum(item.Rate.CeilMbps, R2q));

    /// <summary>Whether two plans share the same infrastructure, so one can be turned into the other class by class.</summary>
    public bool SameInfrastructureAs(TcTree other) =>
        Plan.Interfaces == other.Plan.Interfaces
        && Plan.QueueCount == other.Plan.QueueCount
        && Plan.DownlinkMbps == other.Plan.DownlinkMbps
        && Plan.UplinkMbps == other.Plan.UplinkMbps
        && Equals(Plan.InfrastructureLeaf, other.Plan.InfrastructureLeaf)
        && Plan.ObserveOnly == other.Plan.ObserveOnly
        && R2q == other.R2q;

    private IEnumerable<(string Device, ushort Major, double LinkMbps)> QueueTrees()
    {
        foreach (var direction in Directions())
        {
            for (int q = 1; q <= Plan.QueueCount; q++)
                yield return (direction.Device, direction.Major(q), direction.Download ? Plan.DownlinkMbps : Plan.UplinkMbps);
        }
    }

    private Direction DownloadDirection => new(Plan.Interfaces.Download, true, 0);

    private Direction UploadDirection => new(Plan.Interfaces.Upload, false, Plan.Interfaces.StickOffset);

    private Direction[] Directions() => [DownloadDirection, UploadDirection];

    private readonly record struct Direction(string Device, bool Download, int MajorOffset)
    {
        public ushort Major(int queue) => (ushort)(queue + MajorOffset);
    }
}
