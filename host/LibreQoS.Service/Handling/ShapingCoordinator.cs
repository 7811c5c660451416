using LibreQoS.Config.Files;
using LibreQoS.Planner;
using LibreQoS.Service.State;
using LibreQoS.Shaping;
using LibreQoS.Tc;

namespace LibreQoS.Service.Handling;

/// <summary>
/// Runs refreshes and Bakery commits inside lqosd one at a time (tc trees and mappings have one owner), and after
/// each applied plan makes the IP mapping table and the circuit directory match it. Both record the applied plan in
/// the state directory (<c>shaping/applied_plan.json</c>), so whichever comes next changes only what differs.
/// </summary>
/// <param name="runner">Runs tc for Bakery commits; the real <c>tc</c> when not given.</param>
/// <param name="inspector">Looks at the live trees for Bakery commits; the real one when not given.</param>
public sealed class ShapingCoordinator(ConfigHolder config, ShapingRefresh refresh, IIpMappingTable mappings, CircuitDirectory circuits,
    ITcRunner? runner = null, ITcInspector? inspector = null) : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly ITcRunner _runner = runner ?? new ProcessTcRunner();
    private readonly ITcInspector _inspector = inspector ?? new ProcessTcInspector();

    public async Task<RefreshResult> RunAsync(RefreshOptions options, Action<RefreshLogLine> onLine, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await Task.Run(() => refresh.Run(config.Current, options, new RefreshLog(onLine)), cancellationToken).ConfigureAwait(false);
            if (result.AppliedPlan is { } plan)
            {
                mappings.ReplaceAll(plan.IpMappings());
                circuits.Load(plan);
            }
            else if (options.ClearRules && result.Succeeded)
                mappings.Clear();
            return result;
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>
    /// Applies a Bakery batch: builds its plan, changes only the tc objects that differ from the applied plan (the
    /// trees are rebuilt when the queues or interfaces changed), records it, and loads its IP mappings.
    /// </summary>
    /// <exception cref="BakeryException">The batch is inconsistent or the kernel lacks a leaf qdisc; nothing changed.</exception>
    /// <exception cref="TcException">tc refused the batch; the previous tree was restored.</exception>
    public async Task<BakeryResult> CommitBakeryAsync(BakerySnapshot batch, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => CommitBakery(batch), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _one.Release();
        }
    }

    private BakeryResult CommitBakery(BakerySnapshot batch)
    {
        var current = config.Current;
        bool dryRun = current.Queues.DryRun;
        var warnings = new List<string>();
        var leaves = new LeafQdiscPolicy(current.Queues, dryRun ? null : kind => _inspector.HasQdisc(kind) ?? true, warnings);
        var plan = BakeryPlanBuilder.Build(current, batch, leaves);
        if (dryRun)
            return new BakeryResult($"queues.dry_run is set: the Bakery batch ({plan.Nodes.Count} sites, {plan.Circuits.Count} circuits) was checked, not applied", warnings);

        var paths = new ShapingPaths(current);
        paths.CreateDirectories();
        var applied = File.Exists(paths.AppliedPlan) ? PlanJson.Deserialize(File.ReadAllText(paths.AppliedPlan)) : null;
        var outcome = new TcApplier(_runner, _inspector).Apply(plan, applied, updateOnly: true);
        OperatorFile.WriteAtomically(paths.AppliedPlan, PlanJson.Serialize(plan), durable: false);
        var ipMappings = plan.IpMappings().ToList();
        mappings.ReplaceAll(ipMappings);
        circuits.Load(plan);
        string how = outcome.Kind switch
        {
            ApplyKind.NoChange => "no tc change was needed",
            ApplyKind.Rebuild => $"the trees were built ({outcome.Commands} tc commands)",
            _ => $"{outcome.Commands} tc objects changed",
        };
        return new BakeryResult($"Bakery batch applied: {plan.Nodes.Count} sites, {plan.Circuits.Count} circuits, {ipMappings.Count} IP mappings; {how} " +
            $"in {outcome.Elapsed.TotalMilliseconds:F0} ms", warnings);
    }

    public void Dispose() => _one.Dispose();
}

/// <param name="Summary">What was applied, one line.</param>
/// <param name="Warnings">Things the operator should know (a leaf qdisc replaced by fallback_sqm).</param>
public sealed record BakeryResult(string Summary, IReadOnlyList<string> Warnings);
