using System.Net;
using System.Net.Sockets;
using LibreQoS.TestKit;

namespace LibreQoS.WebUi.Tests.Infrastructure;

/// <summary>
/// A TCP port on this process's 127.0.0.1 that forwards every connection to an address inside a network namespace,
/// so a browser on the host reaches a web server that listens only inside it. The inner socket is created on a
/// thread that joined the namespace; once connected it works from any thread.
/// </summary>
public sealed class NamespaceForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly NetworkNamespace _namespace;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public NamespaceForwarder(NetworkNamespace ns, IPEndPoint target)
    {
        _namespace = ns;
        _target = target;
        _listener.Start();
        _accepting = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseUri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var outer = await _listener.AcceptSocketAsync(_stop.Token);
                _ = Task.Run(() => PumpAsync(outer));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }

    private async Task PumpAsync(Socket outer)
    {
        using (outer)
        {
            Socket inner;
            try
            {
                inner = _namespace.Run(() =>
                {
                    var socket = new Socket(_target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(_target);
                    return socket;
                });
            }
            catch (SocketException)
            {
                return; // the browser sees the connection close, as it would with the server down
            }
            using (inner)
            {
                await using var a = new NetworkStream(outer);
                await using var b = new NetworkStream(inner);
                // Whichever side closes (or fails) first ends the connection; disposing both stops the other copy.
                await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
