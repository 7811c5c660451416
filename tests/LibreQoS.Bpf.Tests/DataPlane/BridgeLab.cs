using System.Net;
using System.Net.Sockets;
using LibreQoS.Bpf.DataPlane;
using LibreQoS.TestKit;

namespace LibreQoS.Bpf.Tests.DataPlane;

/// <summary>
/// A shaper between a customer and the Internet, in three fresh namespaces:
/// <code>
///   client eth0 ──veth── isp0 ┐ shaper  ┌ inet0 ──veth── eth0 internet
///   10.99.0.2 (mapped)        └─ br0 ───┘                  10.99.0.1
///   10.99.0.3 (unmapped)                                   fd00:99::1
///   10.99.0.4 (mapped)
///   fd00:99::2 (mapped)
/// </code>
/// Download leaves the shaper by isp0, upload by inet0; each gets an HTB tree 1: (default class 1:2).
/// </summary>
internal sealed class BridgeLab : IDisposable
{
    public const string MappedV4 = "10.99.0.2";
    public const string UnmappedV4 = "10.99.0.3";
    public const string SecondMappedV4 = "10.99.0.4";
    public const string MappedV6 = "fd00:99::2";
    public const string InternetV4 = "10.99.0.1";
    public const string InternetV6 = "fd00:99::1";
    public const string ToIsp = "isp0";
    public const string ToInternet = "inet0";

    private readonly NetNsFixture _net = new();

    public BridgeLab()
    {
        try
        {
            Client = _net.Add("cli");
            Shaper = _net.Add("shp");
            Internet = _net.Add("inet");
            _net.AddVeth(Client, "eth0", Shaper, ToIsp);
            _net.AddVeth(Internet, "eth0", Shaper, ToInternet);
            Shaper.Ip("link", "add", "br0", "type", "bridge");
            Shaper.Ip("link", "set", ToIsp, "master", "br0");
            Shaper.Ip("link", "set", ToInternet, "master", "br0");
            Shaper.Ip("link", "set", "br0", "up");
            foreach (var address in new[] { MappedV4 + "/24", UnmappedV4 + "/24", SecondMappedV4 + "/24", MappedV6 + "/64" })
                Client.Ip("addr", "add", address, "dev", "eth0", "nodad");
            foreach (var address in new[] { InternetV4 + "/24", InternetV6 + "/64" })
                Internet.Ip("addr", "add", address, "dev", "eth0", "nodad");
        }
        catch
        {
            _net.Dispose();
            throw;
        }
    }

    public NetworkNamespace Client { get; } = null!;

    public NetworkNamespace Shaper { get; } = null!;

    public NetworkNamespace Internet { get; } = null!;

    public static BridgeTopology Topology => new(ToInternet, ToIsp);

    /// <summary>An HTB tree 1: on <paramref name="device"/>: default class 1:2 at 10 Gbit/s plus the given leaves.</summary>
    public void AddHtb(string device, params (string ClassId, int Mbit)[] leaves)
    {
        Shaper.Tc("qdisc", "add", "dev", device, "root", "handle", "1:", "htb", "default", "2");
        Shaper.Tc("class", "add", "dev", device, "parent", "1:", "classid", "1:2", "htb", "rate", "10gbit");
        foreach (var (classId, mbit) in leaves)
            Shaper.Tc("class", "add", "dev", device, "parent", "1:", "classid", classId, "htb", "rate", $"{mbit}mbit");
    }

    /// <summary>Packets each HTB class on <paramref name="device"/> has sent.</summary>
    public Dictionary<string, long> ClassPackets(string device) => HtbStatistics.ClassPackets(Shaper, device);

    /// <summary>Sends <paramref name="count"/> UDP datagrams from <paramref name="fromAddress"/> in <paramref name="from"/> to a sink in <paramref name="to"/>.</summary>
    public static void SendUdp(NetworkNamespace from, string fromAddress, NetworkNamespace to, string toAddress, int count)
    {
        // A listening sink, so that the receiver answers no ICMP that would count as traffic the other way.
        using var sink = to.Run(() => Bound(toAddress, 9999));
        from.Run(() =>
        {
            using var sender = Bound(fromAddress, 0);
            var destination = new IPEndPoint(IPAddress.Parse(toAddress), 9999);
            var payload = new byte[100];
            for (int i = 0; i < count; i++)
                sender.SendTo(payload, destination);
        });
        Thread.Sleep(200); // let the last datagrams cross the cpumap and the qdiscs
    }

    public void Dispose() => _net.Dispose();

    private static Socket Bound(string address, int port)
    {
        var ip = IPAddress.Parse(address);
        var socket = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(ip, port));
        return socket;
    }
}
