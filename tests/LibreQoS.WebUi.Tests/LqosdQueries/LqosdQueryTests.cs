using LibreQoS.Bus.Protocol;
using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.LqosConf;
using LibreQoS.Service.State;
using LibreQoS.Service.WebUi;
using LibreQoS.Shaping;
using LibreQoS.TestKit;
using LibreQoS.WebUi.Circuits;
using LibreQoS.WebUi.Tests.Infrastructure;

namespace LibreQoS.WebUi.Tests.LqosdQueries;

/// <summary>lqosd's implementations of the web UI's queries, over a synthetic applied plan (4 sites × 6 circuits).</summary>
public sealed class LqosdQueryTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _planPath;
    private readonly AppliedPlanCache _plan;
    private readonly FakeThroughput _throughput;

    public LqosdQueryTests()
    {
        _planPath = _dir.File("applied_plan.json");
        var plan = TestPlans.Build(sites: 4, circuitsPerSite: 6);
        File.WriteAllText(_planPath, PlanJson.Serialize(plan));
        _plan = new AppliedPlanCache(() => _planPath);
        _throughput = new FakeThroughput(plan);
    }

    public void Dispose() => _dir.Dispose();

    private LqosdCircuitQueries Circuits => new(_plan, _throughput);

    [Fact]
    public void Page_SecondPage_HasTheNextRowsInOrdinalIdOrderAndTheTotal()
    {
        var page = Circuits.Page(new CircuitQuery(null, CircuitSort.Id, false, 5, 5));

        Assert.Equal(24, page.Total);
        Assert.Equal(["C14", "C15", "C16", "C17", "C18"], page.Rows.Select(r => r.CircuitId));
    }

    [Theory]
    [InlineData("customer 7 smith", "C7")]
    [InlineData("100.64.0.9", "C10")]
    [InlineData("d12", "C12")]
    public void Page_Search_MatchesNameIpOrDevice(string search, string expected)
    {
        var page = Circuits.Page(new CircuitQuery(search, CircuitSort.Name, false, 0, 50));

        Assert.Contains(expected, page.Rows.Select(r => r.CircuitId));
    }

    [Fact]
    public void Page_SearchByParent_FindsEveryCircuitOfTheSite()
    {
        var page = Circuits.Page(new CircuitQuery("site_3/", CircuitSort.Name, false, 0, 50));

        Assert.Equal(6, page.Total);
        Assert.All(page.Rows, r => Assert.StartsWith("Site_3/", r.Parent, StringComparison.Ordinal));
    }

    [Fact]
    public void Page_SortByTrafficDescending_BusiestFirstWithLiveRate()
    {
        var page = Circuits.Page(new CircuitQuery(null, CircuitSort.Traffic, true, 0, 3));

        Assert.Equal(["C24", "C23", "C22"], page.Rows.Select(r => r.CircuitId));
        Assert.Equal(25_000_000, page.Rows[0].BitsPerSecond.Down);
    }

    [Fact]
    public void Page_SortByNameDescending_ReversesAscending()
    {
        var ascending = Circuits.Page(new CircuitQuery(null, CircuitSort.Name, false, 0, 24)).Rows.Select(r => r.CircuitId);
        var descending = Circuits.Page(new CircuitQuery(null, CircuitSort.Name, true, 0, 24)).Rows.Select(r => r.CircuitId);

        Assert.Equal(ascending.Reverse(), descending);
    }

    [Fact]
    public void Find_KnownCircuit_HasPlanDevicesAndLiveRates()
    {
        var circuit = Circuits.Find("C7")!;

        Assert.Equal("Site_2/AP_2", circuit.Parent);
        Assert.Equal(100, circuit.DownloadMaxMbps);
        Assert.Equal("cake diffserv4", circuit.DownloadQdisc);
        Assert.Equal(["100.64.0.6"], circuit.Devices.Single().Ips);
        Assert.Equal(8_000_000, circuit.BitsPerSecond.Down);
        Assert.Null(Circuits.Find("C999"));
    }

    [Fact]
    public void Tree_NodeRate_IsTheSumOfItsCircuits()
    {
        var tree = new LqosdNetworkQueries(_plan, _throughput).Tree();

        var site1 = tree.Nodes.Single(n => n.Path == "Site_1");
        Assert.Equal(6, site1.Circuits);
        Assert.Equal((2 + 3 + 4 + 5 + 6 + 7) * 1_000_000, site1.BitsPerSecond.Down);
        Assert.Equal(site1.BitsPerSecond, tree.Nodes.Single(n => n.Path == "Site_1/AP_1").BitsPerSecond);
        Assert.Equal("Site_1", tree.Nodes.Single(n => n.Path == "Site_1/AP_1").ParentPath);
    }

    [Fact]
    public void Cpu_TopLevelNodesByQueueWithTheirLoad()
    {
        var cpu = new LqosdNetworkQueries(_plan, _throughput).Cpu();

        Assert.Equal([1, 2], cpu.Queues.Select(q => q.Queue));
        Assert.Equal(["Site_1", "Site_3"], cpu.Queues[0].TopLevelNodes.Select(n => n.Name));
        Assert.Equal(12, cpu.Queues[0].Circuits);
        Assert.Equal(6, cpu.Queues[0].TopLevelNodes[0].Circuits);
        Assert.Equal(2000, cpu.Queues[0].DownloadMaxMbps);
    }

    [Fact]
    public void Cache_PlanRewritten_IsReloaded()
    {
        Assert.Equal(24, _plan.Current.Plan.Circuits.Count);

        File.WriteAllText(_planPath, PlanJson.Serialize(TestPlans.Build(sites: 1, circuitsPerSite: 2)));
        File.SetLastWriteTimeUtc(_planPath, DateTime.UtcNow.AddSeconds(5));

        Assert.Equal(2, _plan.Current.Plan.Circuits.Count);
    }

    [Fact]
    public void Cache_NoPlanYet_IsEmpty()
    {
        var cache = new AppliedPlanCache(() => _dir.File("missing.json"));

        Assert.Empty(cache.Current.Plan.Circuits);
        Assert.Equal(0, new LqosdCircuitQueries(cache, new NoThroughput()).Page(new CircuitQuery(null, CircuitSort.Name, false, 0, 50)).Total);
    }

    [Theory]
    [InlineData(false, null, false, "offline")]
    [InlineData(true, null, false, "healthy")]
    [InlineData(true, null, true, "running")]
    [InlineData(true, "boom", true, "error")]
    [InlineData(false, "boom", false, "error")]
    public void SchedulerView_State(bool running, string? error, bool active, string state)
    {
        var progress = new SchedulerProgressInfo(active, "importing", 40, 1, 3, 0);
        var view = LqosdSchedulerQueries.ToView(new SchedulerStatusReply(running, 1, error, error is null ? null : "/tmp/x.log", null, progress));

        Assert.Equal(state, view.State);
        Assert.Equal(active ? "importing" : null, view.Phase);
    }
}

public sealed class LqosdConfigQueryTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ConfigHolder _holder;

    public LqosdConfigQueryTests()
    {
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "lqos-minimal.conf"))
            + "\n[uisp_integration]\nenable_uisp = true\ntoken = \"uisp-secret-token\"\n";
        string path = _dir.Write("lqos.conf", text);
        _holder = new ConfigHolder(path, LqosConfigReader.Read(path, new DiagnosticBag())!);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Read_Secrets_AreNeverSentOnlyWhetherSet()
    {
        var view = new LqosdConfigQueries(_holder).Read();

        var token = view.Settings.Single(s => s.Key == "uisp_integration.token");
        Assert.True(token.Secret);
        Assert.True(token.Configured);
        Assert.Null(token.Value);
        Assert.All(view.Settings.Where(s => s.Secret), s => Assert.Null(s.Value));
        Assert.Equal("Minimal", view.Settings.Single(s => s.Key == "node_name").Value);
        Assert.Equal("true", view.Settings.Single(s => s.Key == "uisp_integration.enable_uisp").Value);
    }

    [Fact]
    public void Save_ValidChange_WritesKeepsBackupAndReloads()
    {
        string before = File.ReadAllText(_holder.Path);

        var result = new LqosdConfigQueries(_holder).Save(new Dictionary<string, object> { ["node_name"] = "Edge 2", ["queues.downlink_bandwidth_mbps"] = 2500L });

        Assert.True(result.Saved);
        Assert.Equal("Edge 2", _holder.Current.NodeName);
        Assert.Equal(2500, _holder.Current.Queues.DownlinkBandwidthMbps);
        Assert.Equal(before, File.ReadAllText(_holder.Path + ".webbackup"));
        Assert.Contains("# The smallest lqos.conf", File.ReadAllText(_holder.Path), StringComparison.Ordinal);
    }

    [Fact]
    public void Save_KeyOfASectionTheFileLacks_AddsTheSection()
    {
        File.WriteAllText(_holder.Path, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "lqos-minimal.conf")));

        var result = new LqosdConfigQueries(_holder).Save(new Dictionary<string, object> { ["splynx_integration.api_key"] = "new-key" });

        Assert.True(result.Saved, string.Join("; ", result.Errors));
        Assert.Equal("new-key", _holder.Current.Splynx.ApiKey);
    }

    [Fact]
    public void Save_InvalidValue_WritesNothingAndSaysWhy()
    {
        string before = File.ReadAllText(_holder.Path);

        var result = new LqosdConfigQueries(_holder).Save(new Dictionary<string, object> { ["node_name"] = 5L });

        Assert.False(result.Saved);
        Assert.Contains(result.Errors, e => e.Contains("node_name", StringComparison.Ordinal));
        Assert.Equal(before, File.ReadAllText(_holder.Path));
    }
}
