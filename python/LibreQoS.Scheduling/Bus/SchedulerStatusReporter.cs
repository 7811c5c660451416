using LibreQoS.Bus.Client;
using LibreQoS.Bus.Protocol;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Scheduling.Bus;

/// <summary>
/// Tells lqosd what the scheduler is doing (heartbeat, phase, last failure, last output). A status that cannot be
/// delivered is logged and dropped: reporting must never stop the work it reports on.
/// </summary>
public sealed partial class SchedulerStatusReporter(ILqosdBus bus, ILogger<SchedulerStatusReporter> logger)
{
    public Task<bool> HeartbeatAsync(CancellationToken cancellationToken) => SendAsync(new SchedulerReady(), cancellationToken);

    /// <param name="logPath">The file holding the whole output, when there is one.</param>
    public Task<bool> ReportFailureAsync(string message, string? logPath, CancellationToken cancellationToken) =>
        SendAsync(new SchedulerError(message, logPath), cancellationToken);

    public Task<bool> ClearFailureAsync(CancellationToken cancellationToken) => SendAsync(new SchedulerError(""), cancellationToken);

    public Task<bool> ReportOutputAsync(string message, CancellationToken cancellationToken) => SendAsync(new SchedulerOutput(message), cancellationToken);

    public Task<bool> ReportStepAsync(SchedulerStep step, bool active, CancellationToken cancellationToken) =>
        SendAsync(new SchedulerProgress(step.Phase, step.Percent(active), active, step.Index, step.Count, step.Label), cancellationToken);

    private async Task<bool> SendAsync(BusRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await bus.SendAsync(request, null, cancellationToken).ConfigureAwait(false);
            if (reply is Ack)
                return true;
            Log.StatusNotDelivered(logger, request.GetType().Name, reply is Fail fail ? fail.Message : reply.GetType().Name);
        }
        catch (BusUnavailableException ex)
        {
            Log.StatusNotDelivered(logger, request.GetType().Name, ex.Message);
        }
        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.StatusNotDelivered, LogLevel.Warning, "Could not tell lqosd {Request}: {Reason}")]
        public static partial void StatusNotDelivered(ILogger logger, string request, string reason);
    }
}
