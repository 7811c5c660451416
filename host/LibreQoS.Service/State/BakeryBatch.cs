using LibreQoS.Bus.Protocol;

namespace LibreQoS.Service.State;

/// <summary>
/// The Bakery batch being received: what an upstream-style LibreQoS.py sends between <c>bakery_start</c> and
/// <c>bakery_commit</c>. One batch for the whole daemon, as upstream's Bakery thread has: the client that planned
/// the tree may split it over several frames (or connections), and a new start drops an uncommitted batch.
/// </summary>
public sealed class BakeryBatch
{
    private readonly Lock _lock = new();
    private bool _started;
    private BakeryMqSetup? _mq;
    private List<BakeryAddSite> _sites = [];
    private List<BakeryAddCircuit> _circuits = [];

    public void Start()
    {
        lock (_lock)
        {
            _started = true;
            _mq = null;
            _sites = [];
            _circuits = [];
        }
    }

    public void SetupMq(BakeryMqSetup mq)
    {
        lock (_lock)
            _mq = mq;
    }

    public void Add(BakeryAddSite site)
    {
        lock (_lock)
            _sites.Add(site);
    }

    public void Add(BakeryAddCircuit circuit)
    {
        lock (_lock)
            _circuits.Add(circuit);
    }

    /// <summary>The batch as received so far; the batch is closed (a commit without a new start has nothing to apply).</summary>
    public BakerySnapshot Take()
    {
        lock (_lock)
        {
            var snapshot = new BakerySnapshot(_started, _mq, _sites, _circuits);
            _started = false;
            _mq = null;
            _sites = [];
            _circuits = [];
            return snapshot;
        }
    }
}

/// <param name="Started">A <c>bakery_start</c> opened this batch.</param>
/// <param name="Mq">The queue layout, if <c>bakery_mq_setup</c> was sent.</param>
public sealed record BakerySnapshot(bool Started, BakeryMqSetup? Mq, IReadOnlyList<BakeryAddSite> Sites, IReadOnlyList<BakeryAddCircuit> Circuits);
