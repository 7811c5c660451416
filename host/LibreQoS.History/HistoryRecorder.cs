using System.Threading.Channels;

namespace LibreQoS.History;

/// <summary>
/// Hands ticks to the store on a thread of its own through a bounded queue, so a slow disk never holds the 1 s tick:
/// when the queue is full the oldest waiting tick is dropped (and counted).
/// </summary>
public sealed class HistoryRecorder : IAsyncDisposable
{
    public const int QueueCapacity = 30;

    private readonly IHistoryStore _store;
    private readonly Channel<HistoryTick> _queue;
    private readonly Task _writer;
    private readonly Action<Exception>? _onError;
    private long _dropped;

    public HistoryRecorder(IHistoryStore store, Action<Exception>? onError = null)
    {
        _store = store;
        _onError = onError;
        _queue = Channel.CreateBounded<HistoryTick>(new BoundedChannelOptions(QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true,
        }, _ => Interlocked.Increment(ref _dropped));
        _writer = Task.Factory.StartNew(WriteAll, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Ticks dropped because the writer fell more than <see cref="QueueCapacity"/> ticks behind.</summary>
    public long DroppedTicks => Interlocked.Read(ref _dropped);

    /// <summary>Never blocks.</summary>
    public void Post(HistoryTick tick) => _queue.Writer.TryWrite(tick);

    public HistoryRange Query(SeriesKind kind, string key, DateTimeOffset from, DateTimeOffset to) => _store.Query(kind, key, from, to);

    /// <summary>Writes what is queued, then closes the store.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        _store.Dispose();
    }

    private async Task WriteAll()
    {
        await foreach (var tick in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                _store.Append(tick);
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException)
            {
                _onError?.Invoke(ex);
            }
        }
    }
}
