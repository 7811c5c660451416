using System.Runtime.InteropServices;

namespace LibreQoS.Bpf.Native;

/// <summary>The few libc calls the data plane needs around libbpf. Each sets errno on failure.</summary>
internal static unsafe partial class LibC
{
    internal const string Lib = "libc";

    internal const int AF_INET = 2;
    internal const int SOCK_DGRAM = 2;
    internal const int SOCK_CLOEXEC = 0x80000;
    internal const ulong SIOCGIFFLAGS = 0x8913;
    internal const ulong SIOCSIFFLAGS = 0x8914;
    internal const ulong SIOCETHTOOL = 0x8946;
    internal const short IFF_PROMISC = 0x100;
    internal const uint ETHTOOL_GDRVINFO = 0x00000003;
    internal const long BPF_FS_MAGIC = 0xcafe4a11;

    /// <summary>see: if_nametoindex(3). The interface's index in the calling thread's network namespace, or 0 with errno (ENODEV).</summary>
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial uint if_nametoindex(string name);

    /// <summary>see: vsnprintf(3). Formats a libbpf message; <paramref name="args"/> is the callback's va_list, consumed. Returns the full length.</summary>
    [LibraryImport(Lib)]
    internal static partial int vsnprintf(byte* buffer, nuint size, nint format, nint args);

    /// <summary>see: statfs(2). Fills <paramref name="buffer"/> (struct statfs; f_type is its first, long, field). 0 or -1 with errno.</summary>
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int statfs(string path, long* buffer);

    /// <summary>see: mount(2). 0 or -1 with errno.</summary>
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mount(string source, string target, string fileSystemType, ulong flags, string? data);

    /// <summary>see: socket(2). A new fd, or -1 with errno.</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int socket(int domain, int type, int protocol);

    /// <summary>see: close(2).</summary>
    [LibraryImport(Lib)]
    internal static partial int close(int fd);

    /// <summary>
    /// see: ioctl(2), declared with its one pointer argument. ioctl is variadic, but on the 64-bit Linux ABIs
    /// we run on a pointer-sized variadic argument is passed exactly like a fixed one (Tmds.LibC declares it the
    /// same way). 0 (or a positive value) or -1 with errno.
    /// </summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int ioctl(int fd, ulong request, void* argument);
}

/// <summary>struct ifreq from net/if.h (C# forbids an all-lowercase type name), with the union members this code uses.</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
[MirrorsC("ifreq", Header = "net/if.h")]
internal unsafe struct IfReq
{
    [FieldOffset(0)] public fixed byte ifr_name[16];
    [FieldOffset(16)] public short ifr_flags;
    [FieldOffset(16)] public void* ifr_data;
}

/// <summary>struct ethtool_drvinfo from linux/ethtool.h (ETHTOOL_GDRVINFO).</summary>
[StructLayout(LayoutKind.Sequential)]
[MirrorsC("ethtool_drvinfo", Header = "linux/ethtool.h")]
internal unsafe struct ethtool_drvinfo
{
    public uint cmd;
    public fixed byte driver[32];
    public fixed byte version[32];
    public fixed byte fw_version[32];
    public fixed byte bus_info[32];
    public fixed byte erom_version[32];
    public fixed byte reserved2[12];
    public uint n_priv_flags;
    public uint n_stats;
    public uint testinfo_len;
    public uint eedump_len;
    public uint regdump_len;
}
