using LibreQoS.Bpf.DataPlane;
using LibreQoS.Linux;
using LibreQoS.Service.Insight;
using LibreQoS.Service.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Service.Hosting;

/// <summary>
/// Reads the data plane's host counters every second into the throughput tracker, then its flows into the flow
/// insight, and detaches the XDP/TC programs when lqosd stops in an orderly way (the pinned mappings stay for the
/// next start).
/// </summary>
public sealed partial class DataPlaneService(ShaperDataPlane dataPlane, ThroughputTracker tracker, FlowInsight flows, ILogger<DataPlaneService> logger) : BackgroundService
{
    public static readonly TimeSpan SamplePeriod = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SamplePeriod);
        var source = new DataPlaneFlowSource(dataPlane);
        do
        {
            IReadOnlyList<HostCounters> hosts = [];
            try
            {
                hosts = dataPlane.ReadHostCounters();
                tracker.Update(hosts);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.SampleFailed(logger, ex.Message);
            }
            try
            {
                flows.Tick(source, hosts, BootClock.NowNanoseconds);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.FlowTickFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            dataPlane.Detach();
            Log.Detached(logger);
        }
        catch (Bpf.BpfException ex)
        {
            Log.DetachFailed(logger, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(7100, LogLevel.Warning, "reading the host counters failed: {Reason}")]
        public static partial void SampleFailed(ILogger logger, string reason);

        [LoggerMessage(7101, LogLevel.Information, "XDP/TC programs detached; the pinned IP mappings stay for the next start")]
        public static partial void Detached(ILogger logger);

        [LoggerMessage(7103, LogLevel.Warning, "folding the flows failed: {Reason}")]
        public static partial void FlowTickFailed(ILogger logger, string reason);

        [LoggerMessage(7102, LogLevel.Error, "detaching the XDP/TC programs failed: {Reason}. Check 'ip link' and 'tc filter show' on the shaped interfaces")]
        public static partial void DetachFailed(ILogger logger, string reason);
    }
}
