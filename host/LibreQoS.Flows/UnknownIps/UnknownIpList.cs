using System.Globalization;
using System.Text;
using LibreQoS.Core.Network;

namespace LibreQoS.Flows.UnknownIps;

/// <summary>A customer-side address that sent or received traffic with no mapping.</summary>
/// <param name="DownloadBytes">Bytes counted for it since its counters began; likewise <paramref name="UploadBytes"/>.</param>
public sealed record UnknownIp(IpPrefix Address, DateTimeOffset LastSeen, ulong DownloadBytes, ulong UploadBytes);

/// <summary>A host as the data plane counts it: whether its last packet matched a mapping, and when it was seen.</summary>
public readonly record struct HostSighting(IpPrefix Host, bool Mapped, ulong LastSeenBootNanoseconds, ulong DownloadBytes, ulong UploadBytes);

/// <summary>lqos.conf's [ip_ranges] as they apply to the unknown-IP list.</summary>
public sealed record UnknownIpRanges(IReadOnlyList<IpPrefix> Ignore, IReadOnlyList<IpPrefix> Allow, bool HonorIgnore, bool HonorAllow)
{
    public static UnknownIpRanges Everything { get; } = new([], [], false, false);

    public bool Admits(IpPrefix host) =>
        !(HonorIgnore && Ignore.Any(host.Overlaps)) && (!HonorAllow || Allow.Count == 0 || Allow.Any(host.Overlaps));
}

/// <summary>
/// Hosts seen with no mapping in the last five minutes (upstream's window), minus loopback, link-local and
/// multicast addresses, filtered by [ip_ranges]. Refreshed once a tick; <see cref="Clear"/> hides everything seen
/// so far until it is seen again.
/// </summary>
public sealed class UnknownIpList
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private static readonly IpPrefix[] NeverCustomers =
        [IpPrefix.Parse("127.0.0.0/8"), IpPrefix.Parse("::1"), IpPrefix.Parse("fe80::/10"), IpPrefix.Parse("ff00::/8"), IpPrefix.Parse("224.0.0.0/4"), IpPrefix.Parse("169.254.0.0/16")];

    private volatile IReadOnlyList<UnknownIp> _current = [];
    private ulong _clearedAtBoot;
    private ulong _lastUpdateBoot;

    /// <param name="isMapped">Whether an address has a mapping now (one added since its last packet counts).</param>
    public void Update(IEnumerable<HostSighting> hosts, UnknownIpRanges ranges, ulong nowBootNanoseconds, DateTimeOffset now, Func<IpPrefix, bool> isMapped)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentNullException.ThrowIfNull(ranges);
        ArgumentNullException.ThrowIfNull(isMapped);
        ulong window = (ulong)Window.Ticks * 100;
        ulong oldest = nowBootNanoseconds > window ? nowBootNanoseconds - window : 0;
        ulong cleared = Volatile.Read(ref _clearedAtBoot);
        _current = hosts
            .Where(h => !h.Mapped && h.LastSeenBootNanoseconds >= oldest && h.LastSeenBootNanoseconds > cleared
                        && !NeverCustomers.Any(h.Host.Overlaps) && ranges.Admits(h.Host) && !isMapped(h.Host))
            .Select(h => new UnknownIp(h.Host, now - TimeSpan.FromTicks((long)((nowBootNanoseconds - Math.Min(h.LastSeenBootNanoseconds, nowBootNanoseconds)) / 100)),
                h.DownloadBytes, h.UploadBytes))
            .OrderByDescending(u => u.LastSeen).ThenBy(u => u.Address.ToString(), StringComparer.Ordinal)
            .ToList();
        Volatile.Write(ref _lastUpdateBoot, nowBootNanoseconds);
    }

    public IReadOnlyList<UnknownIp> List() => _current;

    /// <summary>Forgets every address seen up to now; one seen again afterwards comes back.</summary>
    public int Clear()
    {
        int count = _current.Count;
        Volatile.Write(ref _clearedAtBoot, Volatile.Read(ref _lastUpdateBoot));
        _current = [];
        return count;
    }

    /// <summary>The list as CSV with a header row (upstream's export columns).</summary>
    public static string ToCsv(IEnumerable<UnknownIp> ips)
    {
        ArgumentNullException.ThrowIfNull(ips);
        var csv = new StringBuilder("ip_address,last_seen_utc,download_bytes,upload_bytes\n");
        foreach (var ip in ips)
            csv.Append(CultureInfo.InvariantCulture, $"{ip.Address},{ip.LastSeen.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},{ip.DownloadBytes},{ip.UploadBytes}\n");
        return csv.ToString();
    }
}
