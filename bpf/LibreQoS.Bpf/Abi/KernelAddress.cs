using System.Buffers.Binary;
using LibreQoS.Core.Network;

namespace LibreQoS.Bpf.Abi;

/// <summary>
/// Converts between <see cref="IpPrefix"/> and the kernel maps' address bytes. The maps use upstream's encoding:
/// an IPv4 address is 12 bytes of 0xFF then its 4 bytes (not ::ffff:a.b.c.d as IpPrefix holds it), IPv6 is
/// stored as it is; prefix lengths are in that 128-bit space (IPv4 /N is 96 + N in both).
/// </summary>
internal static unsafe class KernelAddress
{
    private static readonly UInt128 V4MappedMarker = (UInt128)0xFFFF << 32;

    public static IpHashKey ToKey(IpPrefix prefix)
    {
        var key = new IpHashKey { Prefixlen = prefix.MappedPrefixLength };
        Write(prefix, new Span<byte>(key.Address, 16));
        return key;
    }

    public static HostKey ToHostKey(IpPrefix host)
    {
        var key = new HostKey();
        Write(host, new Span<byte>(key.Address, 16));
        return key;
    }

    public static IpPrefix FromKey(in IpHashKey key)
    {
        fixed (byte* address = key.Address)
            return Read(new ReadOnlySpan<byte>(address, 16), (byte)key.Prefixlen);
    }

    public static IpPrefix FromHostKey(in HostKey key)
    {
        fixed (byte* address = key.Address)
            return Read(new ReadOnlySpan<byte>(address, 16), 128);
    }

    /// <summary>A host address (prefix 128 in the kernel's space) from 16 key bytes.</summary>
    public static IpPrefix FromBytes(ReadOnlySpan<byte> address) => Read(address, 128);

    public static void Write(IpPrefix prefix, Span<byte> bytes)
    {
        if (prefix.IsIPv4)
        {
            bytes[..12].Fill(0xFF);
            BinaryPrimitives.WriteUInt32BigEndian(bytes[12..], (uint)prefix.Address);
        }
        else
        {
            BinaryPrimitives.WriteUInt128BigEndian(bytes, prefix.Address);
        }
    }

    private static IpPrefix Read(ReadOnlySpan<byte> bytes, byte prefixLength)
    {
        if (prefixLength >= KernelAbi.IPv4PrefixOffset && bytes[..12].IndexOfAnyExcept((byte)0xFF) < 0)
            return new IpPrefix(V4MappedMarker | BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]), prefixLength, IsIPv4: true);
        return new IpPrefix(BinaryPrimitives.ReadUInt128BigEndian(bytes), prefixLength, IsIPv4: false);
    }
}
