using System.Globalization;

namespace LibreQoS.Core.Shaping;

/// <summary>A tc handle <c>major:minor</c>; tc reads both halves as hexadecimal.</summary>
public readonly record struct TcHandle(ushort Major, ushort Minor)
{
    public const ushort MqRootMajor = 0x7FFF;

    /// <summary>tc's special value for "no handle" (<c>none</c>), also what an unshaped packet carries.</summary>
    public static TcHandle None { get; } = new(0, 0);

    public static TcHandle Root { get; } = new(0xFFFF, 0xFFFF);

    /// <summary>Queue q's download tree is HTB qdisc <c>q:</c> (upload trees on a stick are offset; see <see cref="ShapingPlan.UploadMajor"/>).</summary>
    public static ushort DownloadMajorOf(int queue) => (ushort)queue;

    /// <summary>The 32-bit form the kernel uses (<c>skb-&gt;priority</c>, <c>classid</c>).</summary>
    public uint Value => ((uint)Major << 16) | Minor;

    public static TcHandle FromValue(uint value) => new((ushort)(value >> 16), (ushort)value);

    /// <summary>Accepts <c>root</c>, <c>none</c>, <c>major:</c>, <c>major:minor</c> and <c>0x</c>-prefixed halves.</summary>
    public static bool TryParse(string? text, out TcHandle handle)
    {
        handle = None;
        if (text is null)
            return false;
        text = text.Trim();
        if (text == "root")
        {
            handle = Root;
            return true;
        }
        if (text == "none")
            return true;

        int colon = text.IndexOf(':');
        if (colon < 0 || !TryParseHalf(text.AsSpan(0, colon), out ushort major))
            return false;
        var minorText = text.AsSpan(colon + 1);
        ushort minor = 0;
        if (!minorText.IsEmpty && !TryParseHalf(minorText, out minor))
            return false;
        handle = new TcHandle(major, minor);
        return true;
    }

    /// <summary>Lower-case hex without prefix, as <c>tc</c> prints handles: <c>1:3</c>, <c>7fff:</c> for a qdisc.</summary>
    public override string ToString() => this == Root ? "root" : this == None ? "none" : $"{Major:x}:{Minor:x}";

    /// <summary>The qdisc form <c>major:</c>.</summary>
    public string ToQdiscString() => $"{Major:x}:";

    private static bool TryParseHalf(ReadOnlySpan<char> text, out ushort value)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            text = text[2..];
        value = 0;
        return text.Length is > 0 and <= 4 && ushort.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
