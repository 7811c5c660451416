using System.Net.Sockets;
using LibreQoS.Bus.Protocol;
using LibreQoS.Linux;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Bus.Server;

/// <summary>
/// Serves the bus on a Unix stream socket.
/// </summary>
/// <remarks>
/// Design notes:
/// 1. The socket file is created with mode 0660 and the configured group before any client can connect (the
///    process umask is tightened around bind), so it is never world-writable, not even for an instant.
/// 2. Each connection is served by its own task; frames on one connection are answered in order, requests in a
///    frame one after another, so replies always match requests.
/// 3. A frame that breaks framing (oversized, truncated, timed out) closes that connection only; a frame that is
///    framed but not valid JSON, or a request that is not understood, gets a "fail" reply and the connection goes on.
/// 4. A shared semaphore bounds requests in flight; a request that cannot get a slot in time is answered "busy".
/// </remarks>
public sealed partial class UnixSocketBusServer : IAsyncDisposable
{
    private readonly BusServerOptions _options;
    private readonly IBusRequestHandler _handler;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private Socket? _listener;
    private Task? _acceptLoop;
    private int _connectionCount;
    private int _disposed;

    public UnixSocketBusServer(BusServerOptions options, IBusRequestHandler handler, ILogger<UnixSocketBusServer> logger)
    {
        _options = options;
        _handler = handler;
        _logger = logger;
        _slots = new SemaphoreSlim(options.MaxConcurrentRequests);
    }

    /// <summary>Binds the socket with its permissions and starts accepting; returns once clients can connect.</summary>
    public void Start()
    {
        PrepareDirectory(_options);
        if (File.Exists(_options.SocketPath))
            File.Delete(_options.SocketPath);

        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        UnixFiles.CreateWithoutWorldAccess(() => listener.Bind(new UnixDomainSocketEndPoint(_options.SocketPath)));
        string access = RestrictToGroup(_options.SocketPath);
        listener.Listen(512);
        _listener = listener;
        Log.Listening(_logger, _options.SocketPath, access);
        _acceptLoop = AcceptLoopAsync(listener, _stopping.Token);
    }

    /// <summary>
    /// Creates the socket's directory if missing, as 0750 owned by the bus group, so only that group can reach the
    /// socket. An existing directory is left as it is (it may be /run/lqos from systemd, or a test's temp dir).
    /// Call before taking locks or files in that directory.
    /// </summary>
    public static void PrepareDirectory(BusServerOptions options)
    {
        string directory = Path.GetDirectoryName(options.SocketPath)!;
        if (Directory.Exists(directory))
            return;
        UnixFiles.CreatePrivateDirectory(directory);
        TryGiveToGroup(directory, options.Group, out _);
    }

    /// <summary>Mode 0660 with the configured group, or 0600 (root only) when the group cannot be given.</summary>
    private string RestrictToGroup(string path)
    {
        if (TryGiveToGroup(path, _options.Group, out string? failure))
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
            return $"mode 0660, group {_options.Group}";
        }
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (failure is null)
            Log.GroupMissing(_logger, _options.Group);
        else
            Log.GroupNotGiven(_logger, path, _options.Group, failure);
        return "mode 0600, owner only";
    }

    /// <param name="failure">Why the group could not be given, when the group exists; null when it does not exist.</param>
    private static bool TryGiveToGroup(string path, string group, out string? failure)
    {
        failure = null;
        if (UnixGroups.FindGid(group) is not { } gid)
            return false;
        try
        {
            UnixFiles.SetGroup(path, gid);
            return true;
        }
        catch (IOException ex)
        {
            failure = ex.Message;
            return false;
        }
    }

    /// <summary>Stops accepting, waits for open connections to finish, removes the socket. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _stopping.CancelAsync();
        _listener?.Dispose();
        if (_acceptLoop is not null)
            await _acceptLoop.ConfigureAwait(false);
        Task[] open;
        lock (_connections)
            open = [.. _connections];
        await Task.WhenAll(open).ConfigureAwait(false);
        try
        {
            File.Delete(_options.SocketPath);
        }
        catch (IOException)
        {
            // Its directory is already gone (removed with /run/lqos): nothing left to clean.
        }
        _stopping.Dispose();
        _slots.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                Log.AcceptFailed(_logger, ex.Message);
                continue;
            }

            if (Interlocked.Increment(ref _connectionCount) > _options.MaxConnections)
            {
                Interlocked.Decrement(ref _connectionCount);
                Log.TooManyConnections(_logger, _options.MaxConnections);
                client.Dispose();
                continue;
            }
            var task = ServeAsync(client, stopping);
            lock (_connections)
                _connections.Add(task);
            _ = task.ContinueWith(t =>
            {
                lock (_connections)
                    _connections.Remove(t);
            }, TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stopping)
    {
        await using var stream = new NetworkStream(client, ownsSocket: true);
        // Reads go through a buffer so a small frame (header and payload) costs one receive; writes go straight out.
        await using var buffered = new BufferedStream(stream, 64 * 1024);
        using var frames = new FrameReader(buffered, _options.MaxFrameBytes, _options.IdleTimeout, _options.FrameTimeout, stopping);
        try
        {
            while (!stopping.IsCancellationRequested && await frames.ReadAsync().ConfigureAwait(false) is { } payload)
                await AnswerAsync(stream, payload, stopping).ConfigureAwait(false);
        }
        catch (BusProtocolException ex)
        {
            Log.ConnectionClosed(_logger, ex.Message);
            await TryWriteAsync(stream, new ResponseFrame(0, [new Fail($"closing the connection: {ex.Message}")]), stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The client went away, stalled past its timeout, or the server is stopping: nothing to answer.
        }
        finally
        {
            Interlocked.Decrement(ref _connectionCount);
        }
    }

    private async Task AnswerAsync(Stream stream, byte[] payload, CancellationToken stopping)
    {
        long id;
        IReadOnlyList<BusRequest?> requests;
        IReadOnlyList<string?> errors;
        try
        {
            (id, requests, errors) = FrameCodec.DecodeRequest(payload);
        }
        catch (BusProtocolException ex)
        {
            Log.MalformedFrame(_logger, ex.Message);
            await WriteAsync(stream, new ResponseFrame(0, [new Fail(ex.Message)]), stopping).ConfigureAwait(false);
            return;
        }

        var responses = new BusResponse[requests.Count];
        for (int i = 0; i < requests.Count; i++)
        {
            responses[i] = requests[i] is { } request
                ? await HandleOneAsync(stream, id, request, stopping).ConfigureAwait(false)
                : new Fail(errors[i]!);
        }
        await WriteAsync(stream, new ResponseFrame(id, responses), stopping).ConfigureAwait(false);
    }

    private async Task<BusResponse> HandleOneAsync(Stream stream, long id, BusRequest request, CancellationToken stopping)
    {
        if (!await _slots.WaitAsync(_options.BusyWait, stopping).ConfigureAwait(false))
            return new Fail("Bus request handler busy; try again");
        try
        {
            var pending = _handler.HandleAsync(request, line => WriteAsync(stream, new ResponseFrame(id, Stream: line), stopping), stopping);
            if (pending.IsCompletedSuccessfully)
                return pending.Result;
            // Only requests that really wait pay for a deadline; a read-only one that overruns is answered
            // "timed out" while it finishes in the background (it changes nothing).
            return request.IsReadOnly
                ? await pending.AsTask().WaitAsync(_options.ReadOnlyRequestTimeout, stopping).ConfigureAwait(false)
                : await pending.ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return new Fail("Bus request handler timed out");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.HandlerFailed(_logger, request.GetType().Name, ex);
            return new Fail($"{request.GetType().Name} failed: {ex.Message}");
        }
        finally
        {
            _slots.Release();
        }
    }

    private static async ValueTask WriteAsync(Stream stream, ResponseFrame frame, CancellationToken cancellationToken)
    {
        // A NetworkStream has no buffer: the write is the send, no flush needed.
        await stream.WriteAsync(FrameCodec.Encode(frame), cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask TryWriteAsync(Stream stream, ResponseFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            await WriteAsync(stream, frame, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client is gone; the reason was logged.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(5000, LogLevel.Information, "bus listening on {Path} ({Access})")]
        public static partial void Listening(ILogger logger, string path, string access);

        [LoggerMessage(5001, LogLevel.Warning, "bus accept failed: {Reason}")]
        public static partial void AcceptFailed(ILogger logger, string reason);

        [LoggerMessage(5002, LogLevel.Warning, "bus refused a connection: {Max} connections are open")]
        public static partial void TooManyConnections(ILogger logger, int max);

        [LoggerMessage(5003, LogLevel.Warning, "bus closed a connection: {Reason}")]
        public static partial void ConnectionClosed(ILogger logger, string reason);

        [LoggerMessage(5004, LogLevel.Warning, "bus got a malformed frame: {Reason}")]
        public static partial void MalformedFrame(ILogger logger, string reason);

        [LoggerMessage(5006, LogLevel.Warning, "group {Group} does not exist, so only root can use the bus; create it (systemd-sysusers installs it from sysusers.d/lqos.conf) and add the users who need the bus")]
        public static partial void GroupMissing(ILogger logger, string group);

        [LoggerMessage(5007, LogLevel.Warning, "could not give {Path} to group {Group}: {Reason}")]
        public static partial void GroupNotGiven(ILogger logger, string path, string group, string reason);

        [LoggerMessage(5005, LogLevel.Error, "bus request {Request} failed")]
        public static partial void HandlerFailed(ILogger logger, string request, Exception exception);
    }
}
