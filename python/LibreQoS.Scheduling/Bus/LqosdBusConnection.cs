using LibreQoS.Bus.Client;
using LibreQoS.Bus.Protocol;

namespace LibreQoS.Scheduling.Bus;

/// <summary>
/// A bus connection that survives lqosd restarts: it connects on first use and, after any transport failure,
/// drops the connection so that the next request connects again.
/// </summary>
public sealed class LqosdBusConnection(string socketPath, int maxFrameBytes) : ILqosdBus, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private BusClient? _client;

    public async Task<BusResponse> SendAsync(BusRequest request, Func<StreamLine, ValueTask>? onStream, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _client ??= await BusClient.ConnectAsync(socketPath, maxFrameBytes, cancellationToken).ConfigureAwait(false);
            try
            {
                return await _client.SendAsync(request, onStream, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or BusProtocolException or OperationCanceledException)
            {
                // A frame cut short leaves the stream mid-reply: never reuse it.
                await _client.DisposeAsync().ConfigureAwait(false);
                _client = null;
                if (ex is OperationCanceledException)
                    throw;
                throw new BusUnavailableException($"lost the connection to lqosd on {socketPath} ({ex.Message}). Is lqosd running? (systemctl status lqosd)");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
            await _client.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }
}
