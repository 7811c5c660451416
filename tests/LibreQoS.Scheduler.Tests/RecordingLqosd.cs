using System.Collections.Concurrent;
using LibreQoS.Bus.Protocol;
using LibreQoS.Bus.Server;
using Microsoft.Extensions.Logging.Abstractions;

namespace LibreQoS.Scheduler.Tests;

/// <summary>A stand-in lqosd: the real bus server on a temp socket, acknowledging and recording every request.</summary>
public sealed class RecordingLqosd : IBusRequestHandler, IAsyncDisposable
{
    private readonly ConcurrentQueue<BusRequest> _requests = new();
    private readonly UnixSocketBusServer _server;

    public RecordingLqosd(string socketPath)
    {
        _server = new UnixSocketBusServer(new BusServerOptions { SocketPath = socketPath }, this, NullLogger<UnixSocketBusServer>.Instance);
        _server.Start();
    }

    public IReadOnlyList<BusRequest> Requests => [.. _requests];

    public ValueTask<BusResponse> HandleAsync(BusRequest request, Func<StreamLine, ValueTask> stream, CancellationToken cancellationToken)
    {
        _requests.Enqueue(request);
        return ValueTask.FromResult<BusResponse>(request is Refresh ? new RefreshReply(true, "applied") : Ack.Instance);
    }

    /// <summary>Waits until the requests so far satisfy <paramref name="condition"/>; fails the test with what arrived after 30 s.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<BusRequest>, bool> condition, Func<string> context)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition(Requests))
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"lqosd did not hear what it expected; it heard: {string.Join(", ", Requests)}\n{context()}");
            await Task.Delay(50);
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
