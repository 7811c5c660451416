using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using LibreQoS.Bus.Client;
using LibreQoS.Bus.Protocol;
using LibreQoS.Bus.Server;
using LibreQoS.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace LibreQoS.Bus.Tests;

public sealed class ServerTests : IAsyncLifetime
{
    private sealed class EchoHandler : IBusRequestHandler
    {
        public async ValueTask<BusResponse> HandleAsync(BusRequest request, Func<StreamLine, ValueTask> stream, CancellationToken cancellationToken)
        {
            switch (request)
            {
                case Refresh:
                    for (int i = 0; i < 3; i++)
                        await stream(new StreamLine("info", $"line {i}"));
                    return new RefreshReply(true, "done");
                case LogInfo { Message: "sleep" }:
                    await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
                    return Ack.Instance;
                case LogInfo { Message: "throw" }:
                    throw new InvalidOperationException("handler bug");
                case GetCircuitStats s:
                    return new Fail(s.CircuitId);
                default:
                    return Ack.Instance;
            }
        }
    }

    private readonly TempDirectory _dir = new();
    private UnixSocketBusServer _server = null!;
    private string Socket => _dir.File("run/bus");

    public Task InitializeAsync()
    {
        _server = new UnixSocketBusServer(new BusServerOptions { SocketPath = Socket, Group = "nosuchgroup-lqos-test", MaxFrameBytes = 1024 * 1024, FrameTimeout = TimeSpan.FromSeconds(1) },
            new EchoHandler(), NullLogger<UnixSocketBusServer>.Instance);
        _server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Send_Batch_RepliesInOrder()
    {
        await using var client = await BusClient.ConnectAsync(Socket);

        var replies = await client.SendAsync([new Ping(), new GetCircuitStats("first"), new Ping(), new GetCircuitStats("second")]);

        Assert.Equal(["ack", "first", "ack", "second"], replies.Select(r => r is Fail f ? f.Message : "ack"));
    }

    [Fact]
    public async Task Send_StreamingRequest_DeliversLinesBeforeTheReply()
    {
        await using var client = await BusClient.ConnectAsync(Socket);
        var lines = new List<string>();

        var reply = await client.SendAsync(new Refresh(), line =>
        {
            lines.Add(line.Message);
            return ValueTask.CompletedTask;
        });

        Assert.Equal(["line 0", "line 1", "line 2"], lines);
        Assert.Equal(new RefreshReply(true, "done"), reply);
    }

    [Fact]
    public async Task Handler_Throws_RequestFailsAndConnectionLives()
    {
        await using var client = await BusClient.ConnectAsync(Socket);

        var reply = await client.SendAsync(new LogInfo("throw"));

        Assert.Contains("handler bug", Assert.IsType<Fail>(reply).Message, StringComparison.Ordinal);
        Assert.IsType<Ack>(await client.SendAsync(new Ping()));
    }

    [Fact]
    public void Socket_IsNeverWorldAccessible()
    {
        var mode = File.GetUnixFileMode(Socket);

        Assert.Equal(UnixFileMode.None, mode & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(Path.GetDirectoryName(Socket)!) & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute));
    }

    [RootFact]
    public async Task Socket_WithExistingGroup_IsGroupReadWriteOnly()
    {
        string socket = _dir.File("grouped/bus");
        await using var server = new UnixSocketBusServer(new BusServerOptions { SocketPath = socket, Group = "daemon" }, new EchoHandler(),
            NullLogger<UnixSocketBusServer>.Instance);

        server.Start();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, File.GetUnixFileMode(socket));
        string gid = ProcessRunner.Run("getent", ["group", "daemon"]).StandardOutput.Split(':')[2];
        Assert.Equal(gid, ProcessRunner.Run("stat", ["-c", "%g", socket]).StandardOutput.Trim());
        Assert.Equal(gid, ProcessRunner.Run("stat", ["-c", "%g", Path.GetDirectoryName(socket)!]).StandardOutput.Trim());
    }

    [Fact]
    public async Task Garbage_RandomBytes_ServerSurvivesAndOthersAreServed()
    {
        var random = new Random(7);
        for (int i = 0; i < 20; i++)
        {
            var junk = new byte[random.Next(1, 4096)];
            random.NextBytes(junk);
            using var raw = await RawAsync();
            await raw.SendAsync(junk);
        }

        await using var client = await BusClient.ConnectAsync(Socket);
        Assert.IsType<Ack>(await client.SendAsync(new Ping()));
    }

    [Fact]
    public async Task MalformedJson_GetsAFailAndTheConnectionStays()
    {
        using var raw = await RawAsync();
        var bad = Encoding.UTF8.GetBytes("{not json");
        await raw.SendAsync(FrameOf(bad));
        var good = FrameCodec.Encode(new RequestFrame(2, [new Ping()]));
        await raw.SendAsync(good);

        var first = await ReadFrameAsync(raw);
        var second = await ReadFrameAsync(raw);

        Assert.Equal(0, first.Id);
        Assert.IsType<Fail>(first.Responses!.Single());
        Assert.Equal((2L, typeof(Ack)), (second.Id, second.Responses!.Single().GetType()));
    }

    [Fact]
    public async Task HugeLengthPrefix_ClosesThatConnectionOnly()
    {
        using var raw = await RawAsync();
        await raw.SendAsync(new byte[] { 0x06, 0x40, 0x00, 0x00 }); // 100 MiB

        var reply = await ReadFrameAsync(raw);

        Assert.Contains("outside", Assert.IsType<Fail>(reply.Responses!.Single()).Message, StringComparison.Ordinal);
        Assert.Equal(0, await raw.ReceiveAsync(new byte[16]));
        await using var client = await BusClient.ConnectAsync(Socket);
        Assert.IsType<Ack>(await client.SendAsync(new Ping()));
    }

    [Fact]
    public async Task TruncatedFrameThenDisconnect_DoesNotDisturbOthers()
    {
        await using var client = await BusClient.ConnectAsync(Socket);
        using (var raw = await RawAsync())
        {
            var frame = FrameCodec.Encode(new RequestFrame(1, [new Ping()]));
            await raw.SendAsync(frame.AsMemory(0, frame.Length / 2));
        }

        Assert.IsType<Ack>(await client.SendAsync(new Ping()));
    }

    [Fact]
    public async Task ClientDisconnectsMidRequest_ServerCarriesOn()
    {
        using (var raw = await RawAsync())
            await raw.SendAsync(FrameCodec.Encode(new RequestFrame(1, [new LogInfo("sleep")])));

        await using var client = await BusClient.ConnectAsync(Socket);
        Assert.IsType<Ack>(await client.SendAsync(new Ping()));
    }

    [Fact]
    public async Task SlowClient_DoesNotStallOthers()
    {
        using var slow = await RawAsync();
        await slow.SendAsync(new byte[] { 0, 0, 0, 100, (byte)'{' });

        var watch = Stopwatch.StartNew();
        await using var client = await BusClient.ConnectAsync(Socket);
        Assert.IsType<Ack>(await client.SendAsync(new Ping()));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"ping took {watch.Elapsed}");
    }

    [Fact]
    public async Task StalledFrame_IsDroppedAfterTheFrameTimeout()
    {
        using var slow = await RawAsync();
        await slow.SendAsync(new byte[] { 0, 0, 0, 100, (byte)'{' });

        var reply = await ReadFrameAsync(slow);

        Assert.Contains("did not arrive", Assert.IsType<Fail>(reply.Responses!.Single()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManyConcurrentClients_AreAllServed()
    {
        var tasks = Enumerable.Range(0, 200).Select(async i =>
        {
            await using var client = await BusClient.ConnectAsync(Socket);
            var replies = await client.SendAsync([new Ping(), new GetCircuitStats($"c{i}")]);
            return ((Fail)replies[1]).Message;
        });

        var answers = await Task.WhenAll(tasks);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"c{i}"), answers);
    }

    [Fact]
    public async Task Connect_NoServer_SaysWhatToCheck()
    {
        var ex = await Assert.ThrowsAsync<BusUnavailableException>(() => BusClient.ConnectAsync(_dir.File("missing/bus")));

        Assert.Contains("Is lqosd running?", ex.Message, StringComparison.Ordinal);
    }

    private async Task<Socket> RawAsync()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(Socket));
        return socket;
    }

    private static byte[] FrameOf(byte[] payload) => [(byte)(payload.Length >> 24), (byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length, .. payload];

    private static async Task<ResponseFrame> ReadFrameAsync(Socket socket)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var payload = await FrameCodec.ReadPayloadAsync(stream, 1024 * 1024, new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
        return FrameCodec.DecodeResponse(payload!);
    }
}
