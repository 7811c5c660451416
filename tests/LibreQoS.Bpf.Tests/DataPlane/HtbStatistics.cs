using System.Globalization;
using System.Text.RegularExpressions;
using LibreQoS.TestKit;

namespace LibreQoS.Bpf.Tests.DataPlane;

/// <summary>Reads HTB class counters (this iproute2 prints no JSON for HTB classes).</summary>
internal static partial class HtbStatistics
{
    /// <summary>Packets each HTB class on <paramref name="device"/> has sent, by class id ("1:10").</summary>
    public static Dictionary<string, long> ClassPackets(NetworkNamespace ns, string device) =>
        ClassStats().Matches(ns.Tc("-s", "class", "show", "dev", device))
            .ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"class htb (\S+) .*\n\s*Sent \d+ bytes (\d+) pkt")]
    private static partial Regex ClassStats();
}
