using System.Text;
using LibreQoS.Bpf.Native;

namespace LibreQoS.Bpf.Attach;

/// <summary>Facts about, and flags of, network interfaces in the calling thread's network namespace.</summary>
internal static unsafe class NetworkInterfaces
{
    public static int IndexOf(string name)
    {
        uint index = LibC.if_nametoindex(name);
        if (index == 0)
            BpfException.ThrowLastError($"Finding interface {name} in this network namespace");
        return (int)index;
    }

    /// <summary>The kernel driver's name ("veth", "mlx5_core"...), or null when it does not say.</summary>
    public static string? DriverOf(string name)
    {
        var info = new ethtool_drvinfo { cmd = LibC.ETHTOOL_GDRVINFO };
        var request = Request(name);
        request.ifr_data = &info;
        if (!TryIoctl(LibC.SIOCETHTOOL, ref request))
            return null;
        return Encoding.ASCII.GetString(new ReadOnlySpan<byte>(info.driver, 32).TrimEnd((byte)0));
    }

    /// <summary>Sets or clears IFF_PROMISC; returns whether it was set before.</summary>
    public static bool SetPromiscuous(string name, bool on)
    {
        var request = Request(name);
        if (!TryIoctl(LibC.SIOCGIFFLAGS, ref request))
            BpfException.ThrowLastError($"Reading the flags of interface {name}");
        bool was = (request.ifr_flags & LibC.IFF_PROMISC) != 0;
        if (was == on)
            return was;
        request.ifr_flags = (short)(on ? request.ifr_flags | LibC.IFF_PROMISC : request.ifr_flags & ~LibC.IFF_PROMISC);
        if (!TryIoctl(LibC.SIOCSIFFLAGS, ref request))
            BpfException.ThrowLastError($"Turning promiscuous mode {(on ? "on" : "off")} on interface {name}");
        return was;
    }

    private static IfReq Request(string name)
    {
        var request = new IfReq();
        var bytes = Encoding.UTF8.GetBytes(name);
        if (bytes.Length >= 16)
            throw new BpfException($"Interface name '{name}' is longer than the kernel's 15 characters");
        bytes.CopyTo(new Span<byte>(request.ifr_name, 16));
        return request;
    }

    /// <summary>One ioctl on a throwaway socket, which lives in (and so addresses) the caller's namespace.</summary>
    private static bool TryIoctl(ulong command, ref IfReq request)
    {
        int socket = LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        if (socket < 0)
            BpfException.ThrowLastError("Opening a socket to query network interfaces");
        try
        {
            fixed (IfReq* r = &request)
                return LibC.ioctl(socket, command, r) >= 0;
        }
        finally
        {
            _ = LibC.close(socket); // nothing useful to do if closing a query socket fails
        }
    }
}
