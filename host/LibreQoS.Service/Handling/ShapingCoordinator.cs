using LibreQoS.Config.Files;
using LibreQoS.Planner;
using LibreQoS.Service.State;
using LibreQoS.Shaping;
using LibreQoS.Tc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LibreQoS.Service.Handling;

/// <summary>
/// Runs refreshes and Bakery commits inside lqosd one at a time (tc trees and mappings have one owner), and after
/// each applied plan makes the IP mapping table and the circuit directory match it. Both record the applied plan in
/// the state directory (<c>shaping/applied_plan.json</c>), so whichever comes next changes only what differs.
/// A refresh returns as soon as the kernel shapes with its plan; its records (state and output files) are written
/// right after, before anything else may run.
/// </summary>
/// <param name="runner">Runs tc for Bakery commits; the real <c>tc</c> when not given.</param>
/// <param name="inspector">Looks at the live trees for Bakery commits; the real one when not given.</param>
public sealed partial class ShapingCoordinator(ConfigHolder config, ShapingRefresh refresh, IIpMappingTable mappings, CircuitDirectory circuits,
    ILogger<ShapingCoordinator>? logger = null, ITcRunner? runner = null, ITcInspector? inspector = null) : IDisposable
{
    private static readonly TimeSpan RecordsOnStop = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly ILogger _logger = logger ?? NullLogger<ShapingCoordinator>.Instance;
    private readonly ITcRunner _runner = runner ?? new ProcessTcRunner();
    private readonly ITcInspector _inspector = inspector ?? new ProcessTcInspector();

    /// <summary>A refresh or Bakery commit is changing the tc trees now.</summary>
    public bool IsBusy => _one.CurrentCount == 0;

    public async Task<RefreshResult> RunAsync(RefreshOptions options, Action<RefreshLogLine> onLine, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        RefreshRecords? records = null;
        try
        {
            var log = new RefreshLog(onLine);
            var shaped = await Task.Run(() => refresh.Shape(config.Current, options, log), cancellationToken).ConfigureAwait(false);
            var result = shaped.Result;
            if (result.AppliedPlan is { } plan)
            {
                log.Phase("load the IP mappings", () =>
                {
                    mappings.ReplaceAll(plan.IpMappings());
                    circuits.Load(plan);
                    return 0;
                });
            }
            else if (options.ClearRules && result.Succeeded)
                mappings.Clear();
            records = shaped.Records;
            return result;
        }
        finally
        {
            if (records is null)
                _one.Release();
            else
                _ = Task.Run(() => WriteRecordsThenRelease(records), CancellationToken.None);
        }
    }

    /// <summary>Completes once no refresh or Bakery commit is running and every refresh's records are written.</summary>
    public async Task IdleAsync(CancellationToken cancellationToken = default)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        _one.Release();
    }

    private void WriteRecordsThenRelease(RefreshRecords records)
    {
        try
        {
            var log = new RefreshLog();
            records.Write(log);
            Log.RecordsWritten(_logger, string.Join("; ", log.Lines.Select(l => l.Message)));
            // The previous plan and inputs (tens to hundreds of MB at 100k circuits) are garbage now: collecting here,
            // while nothing waits, spares the next refresh a blocking collection on its way to the kernel.
            GC.Collect();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.RecordsFailed(_logger, ex.Message);
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

    /// <summary>Waits (a while) for records still being written, so a stop does not cut them off.</summary>
    public void Dispose()
    {
        if (_one.Wait(RecordsOnStop))
            _one.Release();
        _one.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(6010, LogLevel.Debug, "refresh records written: {Phases}")]
        public static partial void RecordsWritten(ILogger logger, string phases);

        [LoggerMessage(6011, LogLevel.Error, "the refresh was applied but its records could not be written: {Reason}. Shaping is unaffected; " +
            "free space or fix the permissions of the state directory, then run lqos refresh (every class is re-issued in place)")]
        public static partial void RecordsFailed(ILogger logger, string reason);
    }
}

/// <param name="Summary">What was applied, one line.</param>
/// <param name="Warnings">Things the operator should know (a leaf qdisc replaced by fallback_sqm).</param>
public sealed record BakeryResult(string Summary, IReadOnlyList<string> Warnings);
