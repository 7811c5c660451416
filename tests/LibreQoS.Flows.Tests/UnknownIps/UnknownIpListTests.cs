using LibreQoS.Core.Network;
using LibreQoS.Flows.UnknownIps;

namespace LibreQoS.Flows.Tests.UnknownIps;

public class UnknownIpListTests
{
    private const ulong Second = 1_000_000_000;
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly UnknownIpList _list = new();

    private static UnknownIpRanges Ranges(string[] ignore, string[] allow, bool honorIgnore = true, bool honorAllow = true) =>
        new(ignore.Select(IpPrefix.Parse).ToList(), allow.Select(IpPrefix.Parse).ToList(), honorIgnore, honorAllow);

    private static HostSighting Seen(string ip, ulong at, bool mapped = false) => new(IpPrefix.Parse(ip), mapped, at, 1000, 500);

    private string[] Listed() => _list.List().Select(u => u.Address.ToString()).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Update_UnmappedHostsOfTheLastFiveMinutes_WithinAllow_OutsideIgnore()
    {
        var now = 1000 * Second;
        _list.Update(
        [
            Seen("100.64.0.1", now - Second), Seen("100.64.0.2", now - 301 * Second), Seen("100.64.0.3", now, mapped: true),
            Seen("100.64.9.9", now), Seen("8.8.8.8", now), Seen("127.0.0.1", now), Seen("fe80::1", now), Seen("100.64.0.4", now),
        ], Ranges(["100.64.9.0/24"], ["100.64.0.0/10"]), now, Now, host => host == IpPrefix.Parse("100.64.0.4"));

        Assert.Equal(["100.64.0.1"], Listed());
        var ip = _list.List().Single();
        Assert.Equal((Now - TimeSpan.FromSeconds(1), 1000UL, 500UL), (ip.LastSeen, ip.DownloadBytes, ip.UploadBytes));
    }

    [Fact]
    public void Update_RangesNotHonoured_ListsEverythingUnmapped()
    {
        var now = 1000 * Second;

        _list.Update([Seen("100.64.9.9", now), Seen("8.8.8.8", now)], Ranges(["100.64.9.0/24"], ["100.64.0.0/10"], false, false), now, Now, _ => false);

        Assert.Equal(["100.64.9.9", "8.8.8.8"], Listed());
    }

    [Fact]
    public void Clear_HidesWhatWasSeen_UntilItIsSeenAgain()
    {
        var now = 1000 * Second;
        _list.Update([Seen("100.64.0.1", now), Seen("100.64.0.2", now)], UnknownIpRanges.Everything, now, Now, _ => false);

        Assert.Equal(2, _list.Clear());
        Assert.Empty(_list.List());
        _list.Update([Seen("100.64.0.1", now + Second), Seen("100.64.0.2", now)], UnknownIpRanges.Everything, now + Second, Now, _ => false);

        Assert.Equal(["100.64.0.1"], Listed());
    }

    [Fact]
    public void ToCsv_HasAHeaderAndOneRowPerIp()
    {
        var csv = UnknownIpList.ToCsv([new UnknownIp(IpPrefix.Parse("100.64.0.1"), Now, 10, 20)]);

        Assert.Equal("ip_address,last_seen_utc,download_bytes,upload_bytes\n100.64.0.1,2026-12-02T08:00:00Z,10,20\n", csv);
    }
}
