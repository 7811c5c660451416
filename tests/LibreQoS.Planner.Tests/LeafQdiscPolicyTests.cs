using LibreQoS.Config.LqosConf;


namespace LibreQoS.Planner.Tests;

/// <summary>The leaf choices for a circuit (lqos refresh and lqosd's Bakery batches alike).</summary>
public class LeafQdiscPolicyTests
{
    [Theory]
    [InlineData("cake diffserv4", "", true, 100, "cake diffserv4")]
    [InlineData("cake diffserv4", "", true, 1, "cake diffserv4 rtt 300ms")]
    [InlineData("cake diffserv4", "", false, 2, "cake diffserv4 rtt 180ms")]
    [InlineData("cake diffserv4", "", true, 3.5, "cake diffserv4 rtt 120ms")]
    [InlineData("cake diffserv4", "", true, 1000, "fq_codel")]
    [InlineData("cake diffserv4 rtt 50ms", "", true, 1, "cake diffserv4 rtt 50ms")]
    [InlineData("fq_codel", "cake", true, 100, "cake diffserv4")]
    [InlineData("cake besteffort", "cake", true, 100, "cake besteffort")]
    [InlineData("cake diffserv4", "none", true, 100, "")]
    [InlineData("cake diffserv4", "FQ_Codel", true, 100, "fq_codel")]
    [InlineData("cake diffserv4", "fq_codel/none", true, 100, "fq_codel")]
    [InlineData("cake diffserv4", "fq_codel/none", false, 100, "")]
    [InlineData("cake diffserv4", "/fq_codel", true, 100, "cake diffserv4")]
    [InlineData("cake diffserv4", "/fq_codel", false, 100, "fq_codel")]
    public void ForCircuit_FollowsThePlannersTable(string defaultSqm, string sqmOverride, bool download, double ceil, string expected)
    {
        var policy = new LeafQdiscPolicy(new QueuesConfig { DefaultSqm = defaultSqm }, null, new List<string>());

        var leaf = policy.ForCircuit(sqmOverride, download, ceil);

        Assert.Equal(expected, leaf?.ToString() ?? "");
    }

    [Fact]
    public void Infrastructure_IsThePlainDefault() =>
        Assert.Equal("cake diffserv4", new LeafQdiscPolicy(new QueuesConfig(), null, new List<string>()).Infrastructure()!.ToString());

    [Fact]
    public void FallbackNone_GivesNoLeafAndOneWarning()
    {
        var warnings = new List<string>();
        var policy = new LeafQdiscPolicy(new QueuesConfig { FallbackSqm = "none" }, kind => kind == "pfifo", warnings);

        Assert.Null(policy.ForCircuit("", true, 10));
        Assert.Null(policy.ForCircuit("", true, 20));
        Assert.Single(warnings);
    }
}
