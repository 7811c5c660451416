using System.Net.Sockets;
using System.Text;

namespace LibreQoS.Linux;

/// <summary>
/// systemd's notify protocol (sd_notify(3)): a datagram such as <c>READY=1</c> to the socket named by
/// <c>NOTIFY_SOCKET</c>, which may be an abstract socket (a leading '@'). Does nothing when not run by systemd.
/// </summary>
public sealed class SdNotify
{
    private readonly string? _socketPath;

    public SdNotify()
        : this(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"))
    {
    }

    /// <summary>For testing: notify a given socket path.</summary>
    public SdNotify(string? socketPath) => _socketPath = string.IsNullOrEmpty(socketPath) ? null : socketPath;

    public bool IsEnabled => _socketPath is not null;

    /// <summary>The watchdog interval systemd expects pings within, or null when WatchdogSec is not set.</summary>
    public static TimeSpan? WatchdogInterval =>
        long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), out long usec) && usec > 0
            ? TimeSpan.FromMicroseconds(usec)
            : null;

    public bool Ready() => Send("READY=1");

    public bool Stopping() => Send("STOPPING=1");

    public bool Watchdog() => Send("WATCHDOG=1");

    public bool Status(string status) => Send($"STATUS={status}");

    public bool Send(string state)
    {
        if (_socketPath is null)
            return false;
        string path = _socketPath[0] == '@' ? "\0" + _socketPath[1..] : _socketPath;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.SendTo(Encoding.UTF8.GetBytes(state), new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
