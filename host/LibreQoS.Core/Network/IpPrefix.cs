using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LibreQoS.Core.Network;

/// <summary>
/// An IPv4 or IPv6 host or network, stored the way the XDP LPM trie keys it:
/// IPv4 as the IPv4-mapped IPv6 address (::ffff:a.b.c.d) with prefix 96 + N.
/// </summary>
public readonly record struct IpPrefix(UInt128 Address, byte MappedPrefixLength, bool IsIPv4)
{
    private static readonly UInt128 V4MappedMarker = (UInt128)0xFFFF << 32;

    /// <summary>Prefix length in the address's own family (0..32 for IPv4, 0..128 for IPv6).</summary>
    public int PrefixLength => IsIPv4 ? MappedPrefixLength - 96 : MappedPrefixLength;

    public bool IsHost => PrefixLength == (IsIPv4 ? 32 : 128);

    /// <summary>
    /// Parses "a.b.c.d", "a.b.c.d/n", an IPv6 address or "v6/n". Strict like Python's
    /// <c>ipaddress.ip_network(strict=True)</c>: host bits below the prefix must be zero.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out IpPrefix prefix, out string error)
    {
        prefix = default;
        text = text.Trim();
        if (text.IsEmpty)
        {
            error = "empty address";
            return false;
        }

        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        bool isV4 = addressText.IndexOf(':') < 0;
        int maxLength = isV4 ? 32 : 128;
        int length = maxLength;
        if (slash >= 0 && !TryParsePrefixLength(text[(slash + 1)..], maxLength, out length))
        {
            error = $"'{text}' has an invalid prefix length (expected 0-{maxLength})";
            return false;
        }

        UInt128 address;
        if (isV4)
        {
            if (!TryParseIPv4(addressText, out uint v4))
            {
                error = $"'{text}' is not a valid IPv4 address";
                return false;
            }
            address = V4MappedMarker | v4;
        }
        else if (!TryParseIPv6(addressText, out address))
        {
            error = $"'{text}' is not a valid IPv6 address";
            return false;
        }

        int mappedLength = isV4 ? length + 96 : length;
        if ((address & ~NetworkMask(mappedLength)) != 0)
        {
            error = $"'{text}' has host bits set below /{length}";
            return false;
        }

        prefix = new IpPrefix(address, (byte)mappedLength, isV4);
        error = "";
        return true;
    }

    public static IpPrefix Parse(string text) =>
        TryParse(text, out var prefix, out var error) ? prefix : throw new FormatException(error);

    /// <summary>True when this prefix and <paramref name="other"/> share at least one address.</summary>
    public bool Overlaps(IpPrefix other)
    {
        int shorter = Math.Min(MappedPrefixLength, other.MappedPrefixLength);
        var mask = NetworkMask(shorter);
        return (Address & mask) == (other.Address & mask);
    }

    public override string ToString()
    {
        string address = IsIPv4
            ? string.Create(CultureInfo.InvariantCulture, $"{(byte)(Address >> 24)}.{(byte)(Address >> 16)}.{(byte)(Address >> 8)}.{(byte)Address}")
            : ToIPAddress(Address).ToString();
        return IsHost ? address : string.Create(CultureInfo.InvariantCulture, $"{address}/{PrefixLength}");
    }

    private static UInt128 NetworkMask(int mappedLength) =>
        mappedLength == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - mappedLength);

    private static bool TryParsePrefixLength(ReadOnlySpan<char> text, int max, out int length)
    {
        length = 0;
        if (text.IsEmpty || text.Length > 3)
            return false;
        foreach (char c in text)
        {
            if (c is < '0' or > '9')
                return false;
            length = length * 10 + (c - '0');
        }
        return length <= max && (text.Length == 1 || text[0] != '0');
    }

    /// <summary>Exactly four decimal octets, no leading zeros (Python rejects them as ambiguous octal).</summary>
    private static bool TryParseIPv4(ReadOnlySpan<char> text, out uint value)
    {
        value = 0;
        int octets = 0;
        while (true)
        {
            int dot = text.IndexOf('.');
            var part = dot < 0 ? text : text[..dot];
            if (part.IsEmpty || part.Length > 3 || (part.Length > 1 && part[0] == '0'))
                return false;
            int octet = 0;
            foreach (char c in part)
            {
                if (c is < '0' or > '9')
                    return false;
                octet = octet * 10 + (c - '0');
            }
            if (octet > 255)
                return false;
            value = (value << 8) | (uint)octet;
            octets++;
            if (dot < 0)
                return octets == 4;
            if (octets == 4)
                return false;
            text = text[(dot + 1)..];
        }
    }

    private static bool TryParseIPv6(ReadOnlySpan<char> text, out UInt128 value)
    {
        value = 0;
        if (text.IndexOf('%') >= 0 || !IPAddress.TryParse(text, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
            return false;
        Span<byte> bytes = stackalloc byte[16];
        ip.TryWriteBytes(bytes, out _);
        value = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);
        return true;
    }

    private static IPAddress ToIPAddress(UInt128 address)
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, address);
        return new IPAddress(bytes);
    }
}
