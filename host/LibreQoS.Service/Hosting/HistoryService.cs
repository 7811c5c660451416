using LibreQoS.History;
using LibreQoS.Service.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Service.Hosting;

/// <summary>
/// Opens the history store under the state directory and posts one sample a second to its recorder, which writes
/// on a thread of its own. A store that cannot be opened leaves lqosd shaping without history, and says why.
/// </summary>
public sealed partial class HistoryService(HistoryArchive archive, HistorySampler sampler, TimeProvider clock, ILogger<HistoryService> logger)
    : BackgroundService
{
    public static readonly TimeSpan SamplePeriod = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            archive.Recorder = new HistoryRecorder(new SqliteHistoryStore(archive.Path), ex => Log.WriteFailed(logger, ex.Message));
            Log.Opened(logger, archive.Path);
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            Log.OpenFailed(logger, archive.Path, ex.Message);
            return;
        }

        long dropped = 0;
        using var timer = new PeriodicTimer(SamplePeriod, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            archive.Recorder.Post(sampler.Sample(clock.GetUtcNow()));
            if (archive.Recorder.DroppedTicks > dropped)
            {
                Log.Behind(logger, archive.Recorder.DroppedTicks - dropped);
                dropped = archive.Recorder.DroppedTicks;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (archive.Recorder is { } recorder)
        {
            archive.Recorder = null;
            await recorder.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(7120, LogLevel.Information, "history kept in {Path}")]
        public static partial void Opened(ILogger logger, string path);

        [LoggerMessage(7121, LogLevel.Error, "history is off: {Path} could not be opened: {Reason}. Shaping is not affected; check the state directory's permissions and free space")]
        public static partial void OpenFailed(ILogger logger, string path, string reason);

        [LoggerMessage(7122, LogLevel.Warning, "writing history failed: {Reason}")]
        public static partial void WriteFailed(ILogger logger, string reason);

        [LoggerMessage(7123, LogLevel.Warning, "the history writer fell behind; {Count} second(s) were not stored")]
        public static partial void Behind(ILogger logger, long count);
    }
}
