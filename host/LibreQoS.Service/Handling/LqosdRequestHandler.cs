using LibreQoS.Bus.Protocol;
using LibreQoS.Bus.Server;
using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.LqosConf;
using LibreQoS.Config.Validation;
using LibreQoS.Core.Network;
using LibreQoS.Core.Shaping;
using LibreQoS.Service.Insight;
using LibreQoS.Service.State;
using LibreQoS.Service.Topology;
using LibreQoS.Shaping;
using LibreQoS.Tc;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Service.Handling;

/// <summary>lqosd's answer to each bus request: a thin dispatch onto the stores and services that own the state.</summary>
public sealed partial class LqosdRequestHandler(
    ConfigHolder config,
    ShapingCoordinator shaping,
    IIpMappingTable mappings,
    SchedulerStatusStore scheduler,
    UrgentIssueStore urgent,
    Blackboard blackboard,
    IThroughputSource throughput,
    ILogger<LqosdRequestHandler> logger,
    BakeryBatch? bakery = null,
    TopologyRuntimeService? topology = null,
    QueueStatsTracker? queues = null,
    HistoryArchive? history = null,
    FlowInsight? flows = null) : IBusRequestHandler
{
    /// <summary>The daemon's one Bakery batch (upstream's Bakery is one thread): lqosd does not register it, so the handler owns it.</summary>
    private readonly BakeryBatch _bakery = bakery ?? new BakeryBatch();
    private readonly QueueStatsTracker _queues = queues ?? new QueueStatsTracker(new CircuitDirectory(), TimeProvider.System);

    public async ValueTask<BusResponse> HandleAsync(BusRequest request, Func<StreamLine, ValueTask> stream, CancellationToken cancellationToken)
    {
        switch (request)
        {
            case Ping:
                return Ack.Instance;
            case GetConfig:
                return new ConfigReply(config.Path, LqosConfigJson.ToElement(config.Current));
            case ReloadConfig:
                return Reload();
            case Refresh r:
                return await RefreshAsync(r, stream, cancellationToken).ConfigureAwait(false);
            case ValidateShapedDevices:
                return Validate();
            case MapIpToFlow m:
                return Map(m);
            case DelIpFlow d:
                return IpPrefix.TryParse(d.IpAddress, out var prefix, out string error)
                    ? mappings.Remove(prefix, d.Upload) ? Ack.Instance : new Fail($"{d.IpAddress} is not mapped")
                    : new Fail(error);
            case ClearIpFlow:
                mappings.Clear();
                return Ack.Instance;
            case ClearHotCache:
                return Ack.Instance;
            case ListIpFlow:
                return new MappedIps(mappings.List().Select(m => new IpMappingInfo(m.Prefix.ToString(), m.Handle.ToString(), m.Cpu, m.Upload, m.CircuitId, m.DeviceId)).ToList());
            case SchedulerReady:
                scheduler.Heartbeat();
                return Ack.Instance;
            case SchedulerError e:
                scheduler.SetError(e.Message, e.LogPath);
                if (e.Message.Length > 0)
                    Log.SchedulerFailed(logger, FirstLine(e.Message), e.LogPath ?? "no log file");
                return Ack.Instance;
            case SchedulerOutput o:
                scheduler.SetOutput(o.Message);
                return Ack.Instance;
            case SchedulerProgress p:
                scheduler.SetProgress(p);
                return Ack.Instance;
            case CheckSchedulerStatus:
                return scheduler.Snapshot();
            case SubmitUrgentIssue u:
                var issue = urgent.Submit(u.Source, u.Severity, u.Code, u.Message, u.Context, u.DedupeKey);
                Log.UrgentIssue(logger, issue.Severity, issue.Code, issue.Message);
                return Ack.Instance;
            case GetUrgentIssues:
                return new UrgentIssues(urgent.List());
            case ClearUrgentIssue c:
                return urgent.Acknowledge(c.Id) ? Ack.Instance : new Fail($"no urgent issue {c.Id}");
            case ClearUrgentIssueByIdentity c:
                urgent.ClearByIdentity(c.Code, c.DedupeKey);
                return Ack.Instance;
            case ClearAllUrgentIssues:
                urgent.Clear();
                return Ack.Instance;
            case BlackboardData b:
                blackboard.Submit(b.Subsystem, b.Key, b.Value);
                return Ack.Instance;
            case BlackboardFinish:
                blackboard.Finish();
                return Ack.Instance;
            case LogInfo l:
                Log.ClientSays(logger, l.Message);
                return Ack.Instance;
            case GetCurrentThroughput:
                return throughput.Totals();
            case GetTopCircuits t:
                return new TopCircuits(throughput.TopCircuits(Math.Clamp(t.Count, 1, 1000)));
            case GetCircuitStats s:
                return (BusResponse?)throughput.Circuit(s.CircuitId) ?? new Fail($"no statistics for circuit {s.CircuitId}");
            case BakeryStart:
                _bakery.Start();
                return Ack.Instance;
            case BakeryMqSetup mq:
                _bakery.SetupMq(mq);
                return Ack.Instance;
            case BakeryAddSite site:
                _bakery.Add(site);
                return Ack.Instance;
            case BakeryAddCircuit circuit:
                _bakery.Add(circuit);
                return Ack.Instance;
            case BakeryCommit:
                return await CommitBakeryAsync(stream, cancellationToken).ConfigureAwait(false);
            case TopologyRuntimeRefresh:
                return await PublishTopologyAsync(cancellationToken).ConfigureAwait(false);
            case GetQueueStatsTotal:
                return _queues.Totals();
            case GetRawQueueData q:
                return (BusResponse?)_queues.Raw(q.CircuitId) ?? new Fail($"no queue statistics for circuit {q.CircuitId}");
            case GetTopQueueCircuits t:
                return _queues.Top(Math.Clamp(t.Count, 1, 1000));
            case GetSiteQueueStats:
                return _queues.Sites();
            case GetHistory h:
                return History(h);
            case GetWorstRtt or GetWorstRetransmits or TopFlows or RttHistogram or GetCircuitFlows or GetSiteInsights or AllUnknownIps or ClearUnknownIps:
                return flows is null ? new Fail("flow tracking is not running in this lqosd") : FlowReplies.Answer(flows, request);
            default:
                return new Fail($"{request.GetType().Name} is not handled by this lqosd");
        }
    }

    private async Task<BusResponse> PublishTopologyAsync(CancellationToken cancellationToken)
    {
        if (topology is null)
            return new Fail("the topology runtime is not running in this lqosd");
        try
        {
            var status = await Task.Run(topology.PublishNow, cancellationToken).ConfigureAwait(false);
            return new TopologyRuntimeStatusReply(status.Ready, status.SourceGeneration, status.ShapingGeneration, status.EffectiveGeneration, status.Error);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new Fail($"the topology runtime could not write its outputs: {ex.Message}");
        }
    }

    private BusResponse Reload()
    {
        var diagnostics = new DiagnosticBag();
        if (config.TryReload(diagnostics))
        {
            Log.ConfigReloaded(logger, config.Path);
            return Ack.Instance;
        }
        return new Fail($"the running config was kept: {string.Join("; ", diagnostics.Errors)}");
    }

    private async Task<BusResponse> RefreshAsync(Refresh r, Func<StreamLine, ValueTask> stream, CancellationToken cancellationToken)
    {
        var lines = System.Threading.Channels.Channel.CreateUnbounded<RefreshLogLine>();
        var refresh = shaping.RunAsync(new RefreshOptions(r.UpdateOnly, r.ValidateOnly, r.ClearRules, r.PlannerReset, r.DryRun),
            line => lines.Writer.TryWrite(line), cancellationToken);
        _ = refresh.ContinueWith(_ => lines.Writer.TryComplete(), TaskScheduler.Default);
        await foreach (var line in lines.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            await stream(new StreamLine(line.Level.ToString().ToLowerInvariant(), line.ToString())).ConfigureAwait(false);
        var result = await refresh.ConfigureAwait(false);
        Log.Refreshed(logger, result.Succeeded, result.Summary);
        return new RefreshReply(result.Succeeded, result.Summary);
    }

    /// <summary>
    /// Applies the Bakery batch before answering (upstream acks first and applies later, so mappings sent next could
    /// point at classes not built yet); warnings are streamed, the summary is the reply.
    /// </summary>
    private async Task<BusResponse> CommitBakeryAsync(Func<StreamLine, ValueTask> stream, CancellationToken cancellationToken)
    {
        var batch = _bakery.Take();
        try
        {
            var result = await shaping.CommitBakeryAsync(batch, cancellationToken).ConfigureAwait(false);
            foreach (var warning in result.Warnings)
                await stream(new StreamLine("warning", warning)).ConfigureAwait(false);
            Log.BakeryApplied(logger, result.Summary);
            return new RefreshReply(true, result.Summary);
        }
        catch (Exception ex) when (ex is BakeryException or Planner.PlanningException)
        {
            Log.BakeryRefused(logger, ex.Message);
            return new Fail($"Bakery batch refused, nothing changed: {ex.Message}");
        }
        catch (TcException ex)
        {
            Log.BakeryRefused(logger, ex.Message);
            return new Fail($"Bakery batch failed: {ex.Message}. The previous tc tree was restored and keeps shaping.");
        }
    }

    private ValidationReply Validate()
    {
        var report = ValidationReport.Run(config.Path, config.Current.LqosDirectory);
        return new ValidationReply(report.IsValid, report.Render().Last(), report.Errors.Select(e => e.ToString()).ToList(),
            report.Warnings.Select(w => w.ToString()).ToList());
    }

    private BusResponse Map(MapIpToFlow m)
    {
        if (!IpPrefix.TryParse(m.IpAddress, out var prefix, out string error))
            return new Fail(error);
        if (!TcHandle.TryParse(m.TcHandle, out var handle) || handle.Minor == 0)
            return new Fail($"'{m.TcHandle}' is not a class handle such as 1:5");
        if (m.Cpu < 0)
            return new Fail($"cpu {m.Cpu} is negative");
        mappings.Upsert(new IpMapping(prefix, handle, m.Cpu, m.Upload, m.CircuitId, m.DeviceId));
        return Ack.Instance;
    }

    private BusResponse History(GetHistory h)
    {
        if (!Enum.TryParse<History.SeriesKind>(h.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            return new Fail($"history kind '{h.Kind}' is not one of total, circuit, site");
        if (h.ToUnix < h.FromUnix)
            return new Fail($"the history range ends ({h.ToUnix}) before it starts ({h.FromUnix})");
        if (history?.Recorder is not { } recorder)
            return new Fail("history is not available (see lqosd's log: the store could not be opened, or lqosd is starting)");
        var range = recorder.Query(kind, h.Key, DateTimeOffset.FromUnixTimeSeconds(h.FromUnix), DateTimeOffset.FromUnixTimeSeconds(h.ToUnix));
        return new HistoryReply(kind.ToString().ToLowerInvariant(), h.Key, range.ResolutionSeconds, [.. range.Points.Select(p => new HistoryPoint(p.AtUnix,
            new DownUp(p.Metrics.DownBps, p.Metrics.UpBps), p.Metrics.RttDownMs, p.Metrics.RttUpMs, p.Metrics.RetransmitsDown, p.Metrics.RetransmitsUp,
            p.Metrics.DropsDown, p.Metrics.DropsUp, p.Metrics.MarksDown, p.Metrics.MarksUp))]);
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0];

    private static partial class Log
    {
        [LoggerMessage(6000, LogLevel.Information, "config reloaded from {Path}")]
        public static partial void ConfigReloaded(ILogger logger, string path);

        [LoggerMessage(6001, LogLevel.Information, "refresh finished (succeeded: {Succeeded}): {Summary}")]
        public static partial void Refreshed(ILogger logger, bool succeeded, string summary);

        [LoggerMessage(6002, LogLevel.Error, "scheduler reports a failure: {Preview}; full output in {LogPath}")]
        public static partial void SchedulerFailed(ILogger logger, string preview, string logPath);

        [LoggerMessage(6003, LogLevel.Warning, "urgent issue ({Severity}) {Code}: {Message}")]
        public static partial void UrgentIssue(ILogger logger, string severity, string code, string message);

        [LoggerMessage(6004, LogLevel.Information, "client: {Message}")]
        public static partial void ClientSays(ILogger logger, string message);

        [LoggerMessage(6005, LogLevel.Information, "{Summary}")]
        public static partial void BakeryApplied(ILogger logger, string summary);

        [LoggerMessage(6006, LogLevel.Warning, "Bakery batch not applied: {Reason}")]
        public static partial void BakeryRefused(ILogger logger, string reason);
    }
}
