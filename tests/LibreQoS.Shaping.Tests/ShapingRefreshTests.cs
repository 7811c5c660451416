using System.Text.Json;
using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.LqosConf;
using LibreQoS.TestKit;

namespace LibreQoS.Shaping.Tests;

public sealed class ShapingRefreshTests : IDisposable
{
    private sealed class FixedQueues(int? txQueues) : IQueueCounter
    {
        public int? TxQueues(string device) => txQueues;

        public int CpuCount => 2;
    }

    private sealed class FixedBootClock(DateTime bootTime) : IBootClock
    {
        public DateTime BootTimeUtc => bootTime;
    }

    private readonly TempDirectory _dir = new();
    private readonly string _src;
    private readonly LqosConfig _config;

    public ShapingRefreshTests()
    {
        _src = Directory.CreateDirectory(Path.Combine(_dir.Path, "src")).FullName;
        ProcessRunner.GenerateNetwork(_src, circuits: 40, sites: 4, depth: 2);
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "lqos-minimal.conf"))
            .Replace("/opt/libreqos/src", _src, StringComparison.Ordinal);
        _config = LqosConfigReader.Parse(text, "lqos.conf", new DiagnosticBag())!;
    }

    public void Dispose() => _dir.Dispose();

    private string State(string relative) => Path.Combine(_dir.Path, "state", relative);

    private (RefreshResult Result, RecordingTcRunner Runner, RefreshLog Log) Run(RefreshOptions options, int? txQueues = 4,
        DateTime? bootTime = null, bool liveRoot = true, int failOnCall = 0)
    {
        var runner = new RecordingTcRunner(failOnCall);
        var log = new RefreshLog();
        var refresh = new ShapingRefresh(runner, new FakeTcInspector(liveRoot), new FixedQueues(txQueues), new FixedBootClock(bootTime ?? DateTime.MinValue));
        return (refresh.Run(_config, options, log), runner, log);
    }

    private ShapedRefresh Shape(RefreshOptions options) =>
        new ShapingRefresh(new RecordingTcRunner(), new FakeTcInspector(true), new FixedQueues(4), new FixedBootClock(DateTime.MinValue))
            .Shape(_config, options, new RefreshLog());

    private void SetFirstCircuitDownloadMax(int mbps)
    {
        string csv = Path.Combine(_src, "ShapedDevices.csv");
        var lines = File.ReadAllLines(csv);
        var cells = lines[1].Split(',');
        cells[10] = mbps.ToString(System.Globalization.CultureInfo.InvariantCulture);
        lines[1] = string.Join(',', cells);
        File.WriteAllLines(csv, lines);
    }

    private void BreakShapedDevices() =>
        File.WriteAllText(Path.Combine(_src, "ShapedDevices.csv"), File.ReadAllText(Path.Combine(_src, "ShapedDevices.csv")).Replace("100.64.0.5,", "100.64.0.999,", StringComparison.Ordinal));

    [Fact]
    public void Run_ValidInputs_AppliesAndWritesUpstreamsFiles()
    {
        var (result, runner, _) = Run(new RefreshOptions());

        Assert.True(result.Succeeded, result.Summary);
        Assert.Equal(2, runner.Calls.Count);
        using var structure = JsonDocument.Parse(File.ReadAllText(State("shaping/queuingStructure.json")));
        Assert.Equal(2, structure.RootElement.GetProperty("Network").EnumerateObject().Count());
        Assert.Equal(40, JsonDocument.Parse(File.ReadAllText(State("stats/statsByCircuit.json"))).RootElement.GetArrayLength());
        Assert.StartsWith("qdisc replace dev eth1 root handle 7fff: mq", File.ReadAllText(State("debug/linux_tc.txt")), StringComparison.Ordinal);
        Assert.True(File.Exists(State("stats/lastRun.txt")));
        Assert.True(File.Exists(State("shaping/planner_state.json")));
        Assert.Equal(File.ReadAllText(Path.Combine(_src, "ShapedDevices.csv")), File.ReadAllText(State("shaping/lastGoodConfig.csv")));
    }

    [Fact]
    public void Run_SecondRunWithNoChanges_ObservesNoChanges()
    {
        Run(new RefreshOptions());

        var (result, runner, _) = Run(new RefreshOptions(UpdateOnly: true));

        Assert.Equal("Observed no changes; nothing to apply.", result.Summary);
        Assert.Single(runner.Calls);
        Assert.Empty(runner.Calls[0].Lines);
    }

    [Fact]
    public void Run_DryRun_PlansWithoutTouchingTheKernel()
    {
        var (result, runner, _) = Run(new RefreshOptions(DryRun: true), txQueues: null);

        Assert.True(result.Succeeded, result.Summary);
        Assert.Empty(runner.Calls);
        Assert.True(File.Exists(State("debug/linux_tc.txt")));
    }

    [Fact]
    public void Run_InvalidInputsAfterBoot_KeepsShapingAndRunsNoTc()
    {
        Run(new RefreshOptions());
        BreakShapedDevices();

        var (result, runner, log) = Run(new RefreshOptions());

        Assert.False(result.Succeeded);
        Assert.Empty(runner.Calls);
        Assert.Contains(log.Lines, l => l.Level == RefreshLogLevel.Error && l.Message.Contains("100.64.0.999", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_InvalidInputsOnFirstRunSinceBoot_ShapesTheLastGoodInputs()
    {
        Run(new RefreshOptions());
        BreakShapedDevices();

        var (result, runner, log) = Run(new RefreshOptions(), bootTime: DateTime.UtcNow.AddMinutes(1), liveRoot: false);

        Assert.True(result.Succeeded, result.Summary);
        Assert.NotEmpty(runner.Calls);
        Assert.Contains(log.Lines, l => l.Message.Contains("lastGoodConfig", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_ValidateOnly_ChangesNothing()
    {
        var (result, runner, _) = Run(new RefreshOptions(ValidateOnly: true));

        Assert.Equal((true, "Validation passed."), (result.Succeeded, result.Summary));
        Assert.Empty(runner.Calls);
        Assert.False(File.Exists(State("shaping/lastGoodConfig.csv")));
    }

    [Fact]
    public void Run_MissingInterface_IsRefusedNamingIt()
    {
        var (result, runner, _) = Run(new RefreshOptions(), txQueues: null);

        Assert.False(result.Succeeded);
        Assert.Contains("interface eth1 does not exist", result.Summary, StringComparison.Ordinal);
        Assert.Empty(runner.Calls);
    }

    [Fact]
    public void Run_TcFails_ReportsTheLineAndThatThePreviousTreeWasRestored()
    {
        var (result, runner, _) = Run(new RefreshOptions(), failOnCall: 2);

        Assert.False(result.Succeeded);
        Assert.Contains("line 1", result.Summary, StringComparison.Ordinal);
        Assert.Contains("previous tc tree was restored", result.Summary, StringComparison.Ordinal);
        Assert.True(runner.Calls[2].Force);
        Assert.False(File.Exists(State("shaping/applied_plan.json")));
    }

    [Fact]
    public void Run_ClearRules_DeletesTheRootsAndForgetsTheAppliedPlan()
    {
        Run(new RefreshOptions());

        var (result, runner, _) = Run(new RefreshOptions(ClearRules: true));

        Assert.True(result.Succeeded);
        Assert.Equal(["qdisc del dev eth1 root", "qdisc del dev eth0 root"], runner.Calls.Single().Lines);
        Assert.False(File.Exists(State("shaping/applied_plan.json")));
    }

    [Fact]
    public void Run_PlannerReset_ForgetsPlacements()
    {
        Run(new RefreshOptions());

        var (_, _, log) = Run(new RefreshOptions(PlannerReset: true));

        Assert.Contains(log.Lines, l => l.Message.StartsWith("planner state reset", StringComparison.Ordinal));
    }

    [Fact]
    public void Log_Phases_AreTimed()
    {
        var (_, _, log) = Run(new RefreshOptions());

        Assert.Contains(log.Lines, l => l.Level == RefreshLogLevel.Debug && l.Message.StartsWith("plan: ", StringComparison.Ordinal) && l.Message.EndsWith(" ms", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Message.StartsWith("apply tc: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Shape_AppliesFirst_TheRecordsAreWrittenWhenAsked()
    {
        var shaped = Shape(new RefreshOptions());

        Assert.True(shaped.Result.Succeeded, shaped.Result.Summary);
        Assert.False(File.Exists(State("shaping/queuingStructure.json")));
        Assert.False(File.Exists(State("shaping/applied_plan.json")));
        Assert.True(File.Exists(State("shaping/applied_plan.unrecorded")));

        shaped.Records!.Write(new RefreshLog());

        Assert.True(File.Exists(State("shaping/queuingStructure.json")));
        Assert.True(File.Exists(State("shaping/applied_plan.json")));
        Assert.False(File.Exists(State("shaping/applied_plan.unrecorded")));
    }

    [Fact]
    public void Records_KeepTheInputsAsValidated_NotAsEditedSince()
    {
        string csv = Path.Combine(_src, "ShapedDevices.csv");
        string validated = File.ReadAllText(csv);
        var shaped = Shape(new RefreshOptions());
        SetFirstCircuitDownloadMax(777);

        shaped.Records!.Write(new RefreshLog());

        Assert.Equal(validated, File.ReadAllText(State("shaping/lastGoodConfig.csv")));
        Assert.Equal(validated, File.ReadAllText(State("shaping/ShapedDevices.lastLoaded.csv")));
    }

    [Fact]
    public void Run_AfterAnApplyWhoseRecordsWereNeverWritten_ReissuesEveryClassInPlace()
    {
        Run(new RefreshOptions());
        SetFirstCircuitDownloadMax(321);
        Shape(new RefreshOptions(UpdateOnly: true)); // lqosd stopped before writing the records

        SetFirstCircuitDownloadMax(322);
        var (result, runner, log) = Run(new RefreshOptions(UpdateOnly: true));

        Assert.StartsWith("Refreshed every class in place", result.Summary, StringComparison.Ordinal);
        Assert.Contains(log.Lines, l => l.Level == RefreshLogLevel.Warning && l.Message.Contains("before recording its plan", StringComparison.Ordinal));
        Assert.Contains(runner.Calls.SelectMany(c => c.Lines), line => line.Contains("ceil 322mbit", StringComparison.Ordinal));
        Assert.False(File.Exists(State("shaping/applied_plan.unrecorded")));

        var (next, _, _) = Run(new RefreshOptions(UpdateOnly: true));
        Assert.Equal("Observed no changes; nothing to apply.", next.Summary);
    }

    [Fact]
    public void Run_AfterSomeoneElseReplacedTheAppliedPlan_DiffsAgainstTheirs()
    {
        var runner = new RecordingTcRunner();
        var refresh = new ShapingRefresh(runner, new FakeTcInspector(true), new FixedQueues(4), new FixedBootClock(DateTime.MinValue));
        Assert.True(refresh.Run(_config, new RefreshOptions(), new RefreshLog()).Succeeded);
        // A Bakery batch, moments later, leaves a plan in which the first circuit has another ceiling.
        string applied = State("shaping/applied_plan.json");
        var plan = PlanJson.Load(applied)!;
        var first = plan.Circuits[0];
        var changed = first with { Download = first.Download with { CeilMbps = 4321 } };
        File.WriteAllText(applied, PlanJson.Serialize(plan with { Circuits = [changed, .. plan.Circuits.Skip(1)] }));

        var result = refresh.Run(_config, new RefreshOptions(UpdateOnly: true), new RefreshLog());

        Assert.StartsWith("Updated 1 tc objects", result.Summary, StringComparison.Ordinal);
    }
}
