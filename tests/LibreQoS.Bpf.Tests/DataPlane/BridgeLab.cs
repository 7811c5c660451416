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
/// With a delay hop, a fourth namespace sits between client and shaper (client eth0 ── a0 dly b0 ── isp0) where
/// <see cref="StartCustomerDelay"/> runs tests/tools/delay_bridge.py; every offload is then off, so frames are
/// real MTU-sized ones the bridge can forward and the shaper counts one by one.
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

    public BridgeLab(bool delayHop = false)
    {
        try
        {
            Client = _net.Add("cli");
            Shaper = _net.Add("shp");
            Internet = _net.Add("inet");
            if (delayHop)
            {
                Delay = _net.Add("dly");
                _net.AddVeth(Client, "eth0", Delay, "a0");
                _net.AddVeth(Delay, "b0", Shaper, ToIsp);
            }
            else
            {
                _net.AddVeth(Client, "eth0", Shaper, ToIsp);
            }
            _net.AddVeth(Internet, "eth0", Shaper, ToInternet);
            if (Delay is not null)
            {
                foreach (var (ns, device) in new[] { (Client, "eth0"), (Delay, "a0"), (Delay, "b0"), (Shaper, ToIsp), (Shaper, ToInternet), (Internet, "eth0") })
                    OffloadsOff(ns, device);
            }
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

    /// <summary>The delay hop's namespace; null without one.</summary>
    public NetworkNamespace? Delay { get; }

    /// <summary>Holds every frame from the client towards the shaper for <paramref name="milliseconds"/>.</summary>
    public void StartCustomerDelay(int milliseconds)
    {
        var delay = Delay ?? throw new InvalidOperationException("This lab was built without a delay hop");
        var bridge = delay.Start("/usr/bin/python3", Path.Combine(RepoPaths.Root, "tests", "tools", "delay_bridge.py"), "a0", "b0",
            milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var ready = bridge.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(10)) || ready.Result != "ready")
            throw new InvalidOperationException($"delay_bridge.py did not start: {bridge.StandardError.ReadToEnd()}");
    }

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

    private static void OffloadsOff(NetworkNamespace ns, string device)
    {
        var result = ns.Exec(TimeSpan.FromSeconds(10), "ethtool", "-K", device, "tx", "off", "tso", "off", "gso", "off", "gro", "off");
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"ethtool -K {device} in {ns.Name} failed: {result.StandardError}");
    }

    private static Socket Bound(string address, int port)
    {
        var ip = IPAddress.Parse(address);
        var socket = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(ip, port));
        return socket;
    }
}
