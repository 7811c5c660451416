using System.Text.RegularExpressions;
using LibreQoS.Bus.Protocol;

namespace LibreQoS.Scheduler.Tests;

/// <summary><c>lqos_scheduler --run-once</c>, the path operators run by hand (and <c>lqos scheduler run-once</c> execs).</summary>
public sealed class RunOnceTests : IDisposable
{
    private const string SplynxEnabled = "[splynx_integration]\nenable_splynx = true\n";
    private readonly SchedulerTestDirectory _test = new(SplynxEnabled);

    public void Dispose() => _test.Dispose();

    [Fact]
    public void RunOnce_Integration_PrintsItsOutputAndExitsZeroWithoutLqosd()
    {
        _test.Write("integrationSplynx.py", "def importFromSplynx():\n    print('fetched 12 customers')\n    print('wrote ShapedDevices.csv')\n");

        var result = _test.RunScheduler("--run-once", "--integration", "splynx");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("fetched 12 customers\nwrote ShapedDevices.csv\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Splynx completed successfully. Captured 2 line(s) of output.", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void RunOnce_ConfigOption_IsTheLqosConfigThatScriptsAndTheirChildrenSee()
    {
        _test.Write("integrationSplynx.py",
            "import os, subprocess\ndef importFromSplynx():\n    print('script:', os.environ.get('LQOS_CONFIG'))\n" +
            "    print('child:', subprocess.run(['sh', '-c', 'echo $LQOS_CONFIG'], capture_output=True, text=True).stdout.strip())\n");

        var result = _test.RunScheduler("--run-once", "--integration", "splynx");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"script: {_test.Config}\nchild: {_test.Config}\n", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void RunOnce_IntegrationRaises_ExitsOneNamingTheLogFileInTmpdir()
    {
        _test.Write("integrationSplynx.py", "def importFromSplynx():\n    print('calling the API')\n    raise PermissionError('401 Unauthorized')\n");

        var result = _test.RunScheduler("--run-once", "--integration", "splynx");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Traceback (most recent call last):", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Splynx exited with code 1. Continuing.", result.StandardError, StringComparison.Ordinal);
        var saved = Regex.Match(result.StandardError, @"Full output saved to (\S+)");
        Assert.True(saved.Success, result.StandardError);
        Assert.Matches(new Regex($@"^{Regex.Escape(_test.Dir.Path)}/lqos_scheduler__splynx_\d{{8}}_\d{{6}}\.log$"), saved.Groups[1].Value);
        Assert.StartsWith("calling the API\nTraceback", File.ReadAllText(saved.Groups[1].Value), StringComparison.Ordinal);
    }

    [Fact]
    public void RunOnce_WithoutIntegrationAndLqosdDown_SaysLqosdMustBeRunning()
    {
        var result = _test.RunScheduler("--run-once");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("needs lqosd running", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("lqos scheduler run-once --integration NAME", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnce_WithLqosd_RunsTheIntegrationThenAnUpdateOnlyRefresh()
    {
        _test.Write("integrationSplynx.py", "def importFromSplynx():\n    open('ShapedDevices.csv', 'w').write('Circuit ID\\n')\n");
        await using var lqosd = new RecordingLqosd(_test.BusSocket);

        var result = _test.RunScheduler("--run-once");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([new Refresh(UpdateOnly: true)], lqosd.Requests.OfType<Refresh>());
        Assert.Equal(new SchedulerError(""), lqosd.Requests.OfType<SchedulerError>().Last());
    }

    [Fact]
    public void RunOnce_UnknownIntegration_ListsTheNames()
    {
        var result = _test.RunScheduler("--run-once", "--integration", "crm");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'crm' is not an integration; use one of uisp, splynx, visp, netzur, powercode, sonar, wispgate", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Integration_WithoutRunOnce_IsRefused()
    {
        var result = _test.RunScheduler("--integration", "splynx");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--integration and --debug go with --run-once", result.StandardError, StringComparison.Ordinal);
    }
}
