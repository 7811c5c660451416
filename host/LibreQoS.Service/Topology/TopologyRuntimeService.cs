using System.Threading.Channels;
using LibreQoS.Service.State;
using LibreQoS.Shaping.TopologyRuntime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Service.Topology;

/// <summary>
/// lqosd's topology runtime (upstream v2.2): publishes the compiled shaping inputs at start, then whenever
/// network.json, ShapedDevices.csv or lqos_overrides.json change (after they have been quiet for
/// <see cref="Debounce"/>, so an editor's or an integration's several writes compile once) and when the bus asks.
/// v2.2's scheduler.py waits for that status before every reshape.
/// </summary>
public sealed partial class TopologyRuntimeService(ConfigHolder config, TopologyRuntimePublisher publisher, ILogger<TopologyRuntimeService> logger)
    : BackgroundService
{
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(500);
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private TopologyRuntimeStatus? _last;

    /// <summary>Compiles and publishes now (a no-op when the published status is already that of the current sources).</summary>
    /// <exception cref="IOException">An output could not be written; the previous status stays.</exception>
    public TopologyRuntimeStatus PublishNow()
    {
        var status = publisher.Publish(config.Current);
        var previous = Interlocked.Exchange(ref _last, status);
        if (previous?.SourceGeneration != status.SourceGeneration || previous.Ready != status.Ready)
        {
            if (status.Ready)
                Log.Published(logger, status.SourceGeneration, status.ShapingGeneration ?? "", status.EffectiveGeneration ?? "");
            else
                Log.CompileFailed(logger, status.SourceGeneration, status.Error ?? "");
        }
        return status;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string directory = config.Current.LqosDirectory;
        using var watcher = Watch(directory);
        TryPublish();
        try
        {
            while (await _changes.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                // Quiet for the whole debounce: each change during it starts the wait again.
                do
                {
                    _changes.Reader.TryRead(out _);
                    await Task.Delay(Debounce, stoppingToken).ConfigureAwait(false);
                }
                while (_changes.Reader.TryPeek(out _));
                TryPublish();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private FileSystemWatcher? Watch(string directory)
    {
        if (!Directory.Exists(directory))
        {
            Log.NotWatching(logger, directory);
            return null;
        }
        var watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = false };
        watcher.Changed += (_, e) => OnChange(e.Name);
        watcher.Created += (_, e) => OnChange(e.Name);
        watcher.Deleted += (_, e) => OnChange(e.Name);
        watcher.Renamed += (_, e) => OnChange(e.Name);
        // Events lost (the kernel's queue overflowed): compile anyway, the status says whether anything changed.
        watcher.Error += (_, _) => _changes.Writer.TryWrite(true);
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private void OnChange(string? name)
    {
        if (name is not null && TopologyRuntimePaths.SourceNames.Contains(name))
            _changes.Writer.TryWrite(true);
    }

    private void TryPublish()
    {
        try
        {
            PublishNow();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.PublishFailed(logger, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(6020, LogLevel.Information, "Topology runtime published {SourceGeneration}: shaping inputs {ShapingGeneration}, effective network {EffectiveGeneration}")]
        public static partial void Published(ILogger logger, string sourceGeneration, string shapingGeneration, string effectiveGeneration);

        [LoggerMessage(6021, LogLevel.Warning, "Topology runtime failed for {SourceGeneration}, the last good outputs stay published: {Error}")]
        public static partial void CompileFailed(ILogger logger, string sourceGeneration, string error);

        [LoggerMessage(6022, LogLevel.Error, "Topology runtime could not write its outputs, the previous status stays: {Reason}")]
        public static partial void PublishFailed(ILogger logger, string reason);

        [LoggerMessage(6023, LogLevel.Warning, "Topology runtime: lqos_directory {Directory} does not exist, so its files are not watched; the runtime compiles on bus requests only")]
        public static partial void NotWatching(ILogger logger, string directory);
    }
}
