using System.Net.Sockets;
using LibreQoS.Bus.Protocol;

namespace LibreQoS.Bus.Client;

/// <summary>
/// A connection to lqosd's bus. One frame is in flight at a time (calls queue up), so it may be shared by the
/// tasks of one client; open several for parallel requests.
/// </summary>
public sealed class BusClient : IAsyncDisposable
{
    private readonly NetworkStream _stream;
    private readonly BufferedStream _reader;
    private readonly int _maxFrameBytes;
    private readonly SemaphoreSlim _inFlight = new(1, 1);
    private long _nextId;

    private BusClient(NetworkStream stream, int maxFrameBytes)
    {
        _stream = stream;
        _reader = new BufferedStream(stream, 64 * 1024);
        _maxFrameBytes = maxFrameBytes;
    }

    /// <exception cref="BusUnavailableException">No lqosd listens there, or this user may not connect; the message says which.</exception>
    public static async Task<BusClient> ConnectAsync(string socketPath, int maxFrameBytes = FrameCodec.DefaultMaxFrameBytes, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
            return new BusClient(new NetworkStream(socket, ownsSocket: true), maxFrameBytes);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new BusUnavailableException(ex.SocketErrorCode switch
            {
                SocketError.AddressNotAvailable or SocketError.ConnectionRefused when !File.Exists(socketPath) =>
                    $"{socketPath} not found. Is lqosd running? (systemctl status lqosd)",
                SocketError.ConnectionRefused => $"nothing is listening on {socketPath}. Is lqosd running? (systemctl status lqosd)",
                SocketError.AccessDenied => $"permission denied on {socketPath}. Run as root or as a member of group lqos.",
                _ => $"cannot connect to {socketPath}: {ex.Message}",
            });
        }
    }

    /// <summary>
    /// For processes that only talk to the bus (the CLI, benchmarks): socket completions run on the I/O thread instead
    /// of hopping to the thread pool, which roughly halves a round trip on few cores. Call first thing in Main, before
    /// any socket exists; the runtime reads the switch once. Not for lqosd, whose handlers may run long.
    /// </summary>
    public static void PreferInlineSocketCompletions() =>
        Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

    /// <summary>Whether a bus socket exists and accepts connections right now.</summary>
    public static async Task<bool> IsAvailableAsync(string socketPath, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(socketPath))
            return false;
        try
        {
            await using var client = await ConnectAsync(socketPath, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (BusUnavailableException)
        {
            return false;
        }
    }

    public async Task<BusResponse> SendAsync(BusRequest request, Func<StreamLine, ValueTask>? onStream = null, CancellationToken cancellationToken = default) =>
        (await SendAsync([request], onStream, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Sends one frame with <paramref name="requests"/>; returns one response per request, in order.</summary>
    /// <exception cref="BusProtocolException">The server broke the protocol or closed the connection.</exception>
    public async Task<IReadOnlyList<BusResponse>> SendAsync(IReadOnlyList<BusRequest> requests, Func<StreamLine, ValueTask>? onStream = null,
        CancellationToken cancellationToken = default)
    {
        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            long id = Interlocked.Increment(ref _nextId);
            await _stream.WriteAsync(FrameCodec.Encode(new RequestFrame(id, requests)), cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var payload = await FrameCodec.ReadPayloadAsync(_reader, _maxFrameBytes, cancellationToken).ConfigureAwait(false)
                    ?? throw new BusProtocolException("lqosd closed the connection before replying");
                var frame = FrameCodec.DecodeResponse(payload);
                if (frame.Stream is { } line && frame.Id == id)
                {
                    if (onStream is not null)
                        await onStream(line).ConfigureAwait(false);
                    continue;
                }
                if (frame.Id == 0 && frame.Responses is [Fail fail])
                    throw new BusProtocolException($"lqosd refused the frame: {fail.Message}");
                if (frame.Id != id || frame.Responses is null || frame.Responses.Count != requests.Count)
                    throw new BusProtocolException($"reply for frame {frame.Id} with {frame.Responses?.Count ?? 0} responses does not match frame {id} with {requests.Count} requests");
                return frame.Responses;
            }
        }
        finally
        {
            _inFlight.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _inFlight.Dispose();
    }
}

/// <summary>lqosd cannot be reached; the message is written for the operator.</summary>
public sealed class BusUnavailableException(string message) : Exception(message);
