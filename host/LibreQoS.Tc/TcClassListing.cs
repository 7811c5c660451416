using System.Globalization;
using LibreQoS.Core.Shaping;

namespace LibreQoS.Tc;

/// <summary>One class as <c>tc -s class show</c> prints it. Rates are in bits per second.</summary>
public sealed record LiveClass(string Kind, TcHandle Handle, TcHandle Parent, TcHandle? Leaf, int? Prio, long RateBits, long CeilBits, long SentBytes, long SentPackets)
{
    public long Drops { get; init; }

    /// <summary>Times the class had a packet to send but no tokens: the sign that it is at its rate.</summary>
    public long Overlimits { get; init; }

    public long BacklogBytes { get; init; }

    public long BacklogPackets { get; init; }
}

/// <summary>
/// Reads the text of <c>tc -s class show dev D</c>. iproute2 6.1 (Debian 12) has no JSON output for classes, so the
/// text form is parsed: a header line per class (<c>class htb 1:5 parent 1:3 leaf 8004: prio 3 rate 12Mbit ceil 50Mbit …</c>)
/// followed by indented statistics lines (<c>Sent 123 bytes 4 pkt (dropped 1, overlimits 9 requeues 0)</c>,
/// <c>backlog 3028b 2p requeues 0</c>).
/// </summary>
public static class TcClassListing
{
    public static IReadOnlyList<LiveClass> Parse(string text)
    {
        var classes = new List<LiveClass>();
        LiveClass? current = null;
        foreach (var raw in text.Split('\n'))
        {
            var words = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 3 && words[0] == "class")
            {
                if (current is not null)
                    classes.Add(current);
                current = Header(words);
            }
            else if (current is not null && words.Length >= 4 && words[0] == "Sent")
            {
                current = current with
                {
                    SentBytes = long.Parse(words[1], CultureInfo.InvariantCulture),
                    SentPackets = long.Parse(words[3], CultureInfo.InvariantCulture),
                    Drops = CounterAfter(words, "(dropped"),
                    Overlimits = CounterAfter(words, "overlimits"),
                };
            }
            else if (current is not null && words.Length >= 3 && words[0] == "backlog")
            {
                current = current with { BacklogBytes = ParseSize(words[1]), BacklogPackets = long.Parse(words[2].TrimEnd('p'), CultureInfo.InvariantCulture) };
            }
        }
        if (current is not null)
            classes.Add(current);
        return classes;
    }

    /// <summary>tc's rate units: bit, Kbit, Mbit, Gbit, Tbit (decimal multiples).</summary>
    public static long ParseRate(string text)
    {
        (string Suffix, long Multiplier)[] units = [("Tbit", 1_000_000_000_000), ("Gbit", 1_000_000_000), ("Mbit", 1_000_000), ("Kbit", 1_000), ("bit", 1)];
        foreach (var (suffix, multiplier) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
                return (long)Math.Round(double.Parse(text[..^suffix.Length], CultureInfo.InvariantCulture) * multiplier);
        }
        throw new FormatException($"'{text}' is not a tc rate");
    }

    /// <summary>tc's sizes: <c>1514b</c>, <c>12Kb</c>, <c>3Mb</c> (binary multiples).</summary>
    public static long ParseSize(string text)
    {
        (string Suffix, long Multiplier)[] units = [("Gb", 1L << 30), ("Mb", 1L << 20), ("Kb", 1L << 10), ("b", 1)];
        foreach (var (suffix, multiplier) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
                return (long)Math.Round(double.Parse(text[..^suffix.Length], CultureInfo.InvariantCulture) * multiplier);
        }
        throw new FormatException($"'{text}' is not a tc size");
    }

    private static long CounterAfter(string[] words, string key)
    {
        int i = Array.IndexOf(words, key);
        return i >= 0 && i + 1 < words.Length && long.TryParse(words[i + 1].TrimEnd(',', ')'), CultureInfo.InvariantCulture, out long n) ? n : 0;
    }

    private static LiveClass Header(string[] words)
    {
        string Value(string key)
        {
            int i = Array.IndexOf(words, key);
            return i >= 0 && i + 1 < words.Length ? words[i + 1] : "";
        }

        if (!TcHandle.TryParse(words[2], out var handle))
            throw new FormatException($"'{words[2]}' is not a tc class handle");
        var parent = words.Contains("root") ? TcHandle.Root : TcHandle.TryParse(Value("parent"), out var p) ? p : TcHandle.None;
        TcHandle? leaf = TcHandle.TryParse(Value("leaf"), out var l) ? l : null;
        int? prio = int.TryParse(Value("prio"), CultureInfo.InvariantCulture, out int pr) ? pr : null;
        long rate = Value("rate") is { Length: > 0 } r ? ParseRate(r) : 0;
        long ceil = Value("ceil") is { Length: > 0 } c ? ParseRate(c) : 0;
        return new LiveClass(words[1], handle, parent, leaf, prio, rate, ceil, 0, 0);
    }
}
