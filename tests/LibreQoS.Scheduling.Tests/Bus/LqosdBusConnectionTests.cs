using LibreQoS.Bus.Client;
using LibreQoS.Bus.Protocol;
using LibreQoS.Bus.Server;
using LibreQoS.Scheduling.Bus;
using LibreQoS.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace LibreQoS.Scheduling.Tests.Bus;

public sealed class LqosdBusConnectionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Send_LqosdRestarts_FailsOnceThenReconnects()
    {
        string socket = _dir.File("bus");
        await using var connection = new LqosdBusConnection(socket, FrameCodec.DefaultMaxFrameBytes);
        await Assert.ThrowsAsync<BusUnavailableException>(() => connection.SendAsync(new Ping(), null, CancellationToken.None));

        await using (var first = StartServer(socket))
            Assert.IsType<Ack>(await connection.SendAsync(new Ping(), null, CancellationToken.None));
        await using var second = StartServer(socket);
        var afterRestart = await SendIgnoringOneFailureAsync(connection);

        Assert.IsType<Ack>(afterRestart);
    }

    private static async Task<BusResponse> SendIgnoringOneFailureAsync(LqosdBusConnection connection)
    {
        try
        {
            return await connection.SendAsync(new Ping(), null, CancellationToken.None);
        }
        catch (BusUnavailableException)
        {
            return await connection.SendAsync(new Ping(), null, CancellationToken.None);
        }
    }

    private static UnixSocketBusServer StartServer(string socket)
    {
        var server = new UnixSocketBusServer(new BusServerOptions { SocketPath = socket }, new AckEverything(), NullLogger<UnixSocketBusServer>.Instance);
        server.Start();
        return server;
    }

    private sealed class AckEverything : IBusRequestHandler
    {
        public ValueTask<BusResponse> HandleAsync(BusRequest request, Func<StreamLine, ValueTask> stream, CancellationToken cancellationToken) =>
            ValueTask.FromResult<BusResponse>(Ack.Instance);
    }
}
