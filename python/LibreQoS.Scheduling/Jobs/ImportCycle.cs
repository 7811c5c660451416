using LibreQoS.Bus.Client;
using LibreQoS.Bus.Protocol;
using LibreQoS.Scheduling.Bus;
using LibreQoS.Scheduling.Integrations;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Scheduling.Jobs;

/// <summary>
/// The built-in schedule's periodic job (upstream's <c>importAndShapePartialReload</c>): run the integration, then,
/// if the shaping inputs differ from those lqosd last applied, ask lqosd for an update-only refresh (which applies
/// lqos_overrides.json too). Its first run starts with a full reload of the inputs already there (upstream's scheduler
/// reloads at start too, after its import), so a restart reshapes at once even when the CRM is down.
/// </summary>
/// <remarks>
/// A failed integration leaves the inputs alone as far as shaping goes: no refresh follows it, so lqosd keeps the
/// last good ones, and the failure (a preview plus the log file) stays in the status until a cycle succeeds.
/// </remarks>
public sealed partial class ImportCycle(ImportCycleOptions options, IntegrationRunner? runner, ILqosdBus bus, SchedulerStatusReporter status,
    ILogger<ImportCycle> logger) : IScheduledJob
{
    private const string ShapedDevicesFile = "ShapedDevices.csv";
    private bool _reloadPending = options.ReloadAtStart;

    /// <summary>The integration's name, or "inputs" when no integration is enabled and only the inputs are watched.</summary>
    public string Name => options.Integration?.Name ?? "inputs";

    public JobSettings Settings => options.Settings;

    /// <summary>The fingerprint of the inputs lqosd last applied at our request; null before the first success.</summary>
    public string? AppliedInputs { get; private set; }

    /// <summary>Takes the inputs as they are now as applied (run-once compares before and after the integration).</summary>
    public void AssumeApplied(string fingerprint) => AppliedInputs = fingerprint;

    public async Task<JobResult> RunAsync(CancellationToken cancellationToken)
    {
        if (_reloadPending)
        {
            _reloadPending = false;
            await ReloadAtStartAsync(cancellationToken).ConfigureAwait(false);
        }

        var step = SchedulerStep.PartialIntegration;
        await status.ReportStepAsync(step, active: true, cancellationToken).ConfigureAwait(false);
        if (options.Integration is { } integration && runner is not null)
        {
            var outcome = await runner.RunAsync(integration, options.LqosDirectory, Settings.Timeout, cancellationToken).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                await status.ReportFailureAsync(outcome.Message, outcome.LogPath, cancellationToken).ConfigureAwait(false);
                await status.ReportStepAsync(step.Degraded, active: false, cancellationToken).ConfigureAwait(false);
                return outcome.InterpreterStuck ? JobResult.Fatal : JobResult.Failed;
            }
            await status.ReportOutputAsync(outcome.Message, cancellationToken).ConfigureAwait(false);
        }

        step = SchedulerStep.PartialRuntimeHash;
        await status.ReportStepAsync(step, active: true, cancellationToken).ConfigureAwait(false);
        string inputs = InputsFingerprint.Compute(options.LqosDirectory);
        if (inputs == AppliedInputs)
        {
            Log.InputsUnchanged(logger);
        }
        else
        {
            step = SchedulerStep.PartialReload;
            await status.ReportStepAsync(step, active: true, cancellationToken).ConfigureAwait(false);
            // Update-only needs a tree to diff against: until a refresh has succeeded, ask for a full one.
            var (succeeded, summary) = await RefreshAsync(updateOnly: AppliedInputs is not null, onRequested: null, cancellationToken).ConfigureAwait(false);
            if (!succeeded)
            {
                await status.ReportFailureAsync($"Scheduled shaping refresh failed: {summary}", null, cancellationToken).ConfigureAwait(false);
                await status.ReportStepAsync(step.Degraded, active: false, cancellationToken).ConfigureAwait(false);
                return JobResult.Failed;
            }
            AppliedInputs = inputs;
        }
        await status.ClearFailureAsync(cancellationToken).ConfigureAwait(false);
        await status.ReportStepAsync(step.Ready, active: false, cancellationToken).ConfigureAwait(false);
        return JobResult.Succeeded;
    }

    /// <summary>A full refresh with the inputs as they are; <see cref="ImportCycleOptions.OnReloadRequested"/> runs once it is sent.</summary>
    private async Task ReloadAtStartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(options.LqosDirectory, ShapedDevicesFile)))
        {
            // A new install: the integration's first run, next, writes the inputs and asks for the first refresh.
            Log.NothingToReload(logger, options.LqosDirectory);
            options.OnReloadRequested?.Invoke();
            return;
        }
        var step = SchedulerStep.InitialShapingReload;
        await status.ReportStepAsync(step, active: true, cancellationToken).ConfigureAwait(false);
        string inputs = InputsFingerprint.Compute(options.LqosDirectory);
        var (succeeded, summary) = await RefreshAsync(updateOnly: false, options.OnReloadRequested, cancellationToken).ConfigureAwait(false);
        if (succeeded)
        {
            AppliedInputs = inputs;
            await status.ClearFailureAsync(cancellationToken).ConfigureAwait(false);
            await status.ReportStepAsync(step.Ready, active: false, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await status.ReportFailureAsync($"Scheduler startup shaping refresh failed: {summary}", null, cancellationToken).ConfigureAwait(false);
            await status.ReportStepAsync(step.Degraded, active: false, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(bool Succeeded, string Summary)> RefreshAsync(bool updateOnly, Action? onRequested, CancellationToken cancellationToken)
    {
        Log.RefreshRequested(logger, updateOnly);
        var reply = bus.SendAsync(new Refresh(UpdateOnly: updateOnly), OnRefreshLine, cancellationToken);
        onRequested?.Invoke();
        var (succeeded, summary) = await ReadRefreshReplyAsync(reply).ConfigureAwait(false);
        if (succeeded)
            Log.RefreshSucceeded(logger, summary);
        else
            Log.RefreshFailed(logger, summary);
        return (succeeded, summary);
    }

    private static async Task<(bool, string)> ReadRefreshReplyAsync(Task<BusResponse> reply)
    {
        try
        {
            return await reply.ConfigureAwait(false) switch
            {
                RefreshReply r => (r.Succeeded, r.Summary),
                Fail fail => (false, fail.Message),
                var other => (false, $"lqosd answered {other.GetType().Name}"),
            };
        }
        catch (BusUnavailableException ex)
        {
            return (false, ex.Message);
        }
    }

    private ValueTask OnRefreshLine(StreamLine line)
    {
        Log.RefreshLine(logger, line.Level, line.Message);
        return ValueTask.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.InputsUnchanged, LogLevel.Information, "No changes in network.json, ShapedDevices.csv or lqos_overrides.json; shaping left as it is")]
        public static partial void InputsUnchanged(ILogger logger);

        [LoggerMessage(EventIds.NothingToReload, LogLevel.Information,
            "No ShapedDevices.csv in {LqosDirectory} yet, so nothing to reload at start; the first import writes it")]
        public static partial void NothingToReload(ILogger logger, string lqosDirectory);

        [LoggerMessage(EventIds.RefreshRequested, LogLevel.Information, "Asking lqosd for a shaping refresh (update only: {UpdateOnly})")]
        public static partial void RefreshRequested(ILogger logger, bool updateOnly);

        [LoggerMessage(EventIds.RefreshSucceeded, LogLevel.Information, "Shaping refresh done: {Summary}")]
        public static partial void RefreshSucceeded(ILogger logger, string summary);

        [LoggerMessage(EventIds.RefreshFailed, LogLevel.Error, "Shaping refresh failed: {Summary}; lqosd keeps the shaping it had")]
        public static partial void RefreshFailed(ILogger logger, string summary);

        [LoggerMessage(EventIds.RefreshLine, LogLevel.Debug, "lqosd refresh [{Level}]: {Message}")]
        public static partial void RefreshLine(ILogger logger, string level, string message);
    }
}

/// <param name="Integration">The integration to run, or null to only watch the inputs.</param>
/// <param name="ReloadAtStart">Begin the first run with a full reload (the service); run-once does not.</param>
/// <param name="OnReloadRequested">Called once the start reload was sent (the service tells systemd it is ready).</param>
public sealed record ImportCycleOptions(string LqosDirectory, Integration? Integration, JobSettings Settings, bool ReloadAtStart, Action? OnReloadRequested = null);
