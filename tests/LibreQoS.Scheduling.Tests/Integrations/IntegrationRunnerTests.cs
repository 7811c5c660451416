using System.Text.RegularExpressions;
using LibreQoS.Scheduling.Integrations;

namespace LibreQoS.Scheduling.Tests.Integrations;

[Collection(PythonCollectionDefinition.Name)]
public sealed class IntegrationRunnerTests(PythonFixture python) : IDisposable
{
    private static readonly Integration Splynx = IntegrationCatalog.Find("splynx")!;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly LqosDirectory _lqos = new();

    public void Dispose() => _lqos.Dispose();

    [Fact]
    public async Task Run_100000Lines_CapturedCompletelyAndInOrder()
    {
        _lqos.WriteIntegration("integrationSplynx", "importFromSplynx",
            "for i in range(100000):\n    print(f'line {i}', file=sys.stderr if i % 1000 == 999 else sys.stdout)\nraise RuntimeError('after the output')",
            imports: "import sys");

        var outcome = await python.Runner(_lqos.Logs).RunAsync(Splynx, _lqos.Path, Timeout, CancellationToken.None);

        Assert.False(outcome.Succeeded);
        var logged = File.ReadAllLines(outcome.LogPath!);
        Assert.Equal(Enumerable.Range(0, 100000).Select(i => $"line {i}"), logged.Take(100000));
        Assert.Equal("RuntimeError: after the output", logged[^1]);
    }

    [Fact]
    public async Task Run_Raises_LogFileAndPreviewInTheMessage()
    {
        _lqos.WriteIntegration("integrationSplynx", "importFromSplynx",
            "for i in range(50):\n    print(f'fetched page {i}')\nraise ValueError('Splynx said 401: check api_key')");

        var outcome = await python.Runner(_lqos.Logs).RunAsync(Splynx, _lqos.Path, Timeout, CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(_lqos.Logs, Path.GetDirectoryName(outcome.LogPath));
        Assert.Matches(new Regex(@"^lqos_scheduler__splynx_\d{8}_\d{6}\.log$"), Path.GetFileName(outcome.LogPath));
        string[] message = outcome.Message.Split('\n');
        Assert.Equal(["Splynx exited with code 1. Continuing.", "Output preview:", "fetched page 0"], message[..3]);
        Assert.Equal(2 + 30 + 1, message.Length);
        Assert.Equal("...", message[^1]);
        string whole = File.ReadAllText(outcome.LogPath!);
        Assert.Contains($"fetched page 49\nTraceback (most recent call last):\n  File \"{_lqos.File("integrationSplynx.py")}\"", whole, StringComparison.Ordinal);
        Assert.EndsWith("ValueError: Splynx said 401: check api_key\n", whole, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Hangs_StoppedAtItsTimeoutAndTheInterpreterRunsTheNext()
    {
        _lqos.WriteIntegration("integrationSplynx", "importFromSplynx", "print('waiting for the CRM')\nwhile True:\n    time.sleep(0.05)", imports: "import time");
        _lqos.WriteIntegration("integrationSonar", "importFromSonar", "print('sonar ran')");
        var runner = python.Runner(_lqos.Logs);

        var hung = await runner.RunAsync(Splynx, _lqos.Path, TimeSpan.FromSeconds(1), CancellationToken.None);
        var next = await runner.RunAsync(IntegrationCatalog.Find("sonar")!, _lqos.Path, Timeout, CancellationToken.None);

        Assert.False(hung.Succeeded);
        Assert.False(hung.InterpreterStuck);
        Assert.StartsWith("Splynx was stopped at its 1 s timeout", hung.Message, StringComparison.Ordinal);
        Assert.InRange(hung.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        Assert.StartsWith("waiting for the CRM\n", File.ReadAllText(hung.LogPath!), StringComparison.Ordinal);
        Assert.True(next.Succeeded, next.Message);
        Assert.Equal("Sonar completed successfully. Captured 1 line(s) of output.", next.Message);
    }

    [Fact]
    public async Task Run_ImportsRequestsSslSqlite3_Succeeds()
    {
        _lqos.WriteIntegration("integrationSplynx", "importFromSplynx",
            "con = sqlite3.connect(':memory:')\nprint(con.execute('select 40 + 2').fetchone()[0])\n" +
            "print(ssl.create_default_context().verify_mode == ssl.CERT_REQUIRED)\nprint(requests.Session().headers['User-Agent'].split('/')[0])",
            imports: "import requests, ssl, sqlite3");
        var stdout = new StringWriter();

        var outcome = await python.Runner(_lqos.Logs, stdout).RunAsync(Splynx, _lqos.Path, Timeout, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal("42\nTrue\npython-requests\n", stdout.ToString());
    }

    [Fact]
    public async Task Run_AsUpstreamsChildPython_FromLqosDirectoryWithItsModulesFirst()
    {
        File.WriteAllText(_lqos.File("integrationCommon.py"), "WHERE = 'lqos_directory'\n");
        _lqos.WriteIntegration("integrationSplynx", "importFromSplynx",
            "print(os.getcwd())\nprint(integrationCommon.WHERE)\nprint(__name__)\nprint(sys.argv)", imports: "import os, sys, integrationCommon");
        var stdout = new StringWriter();

        var outcome = await python.Runner(_lqos.Logs, stdout).RunAsync(Splynx, _lqos.Path, Timeout, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal([_lqos.Path, "lqos_directory", "integrationSplynx", "['-c']"], stdout.ToString().TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Run_ScriptEditedBetweenRuns_ImportedAfresh()
    {
        var runner = python.Runner(_lqos.Logs);
        _lqos.WriteIntegration("integrationSplynx", "importFromSplynx", "print('first version')");
        await runner.RunAsync(Splynx, _lqos.Path, Timeout, CancellationToken.None);
        _lqos.WriteIntegration("integrationSplynx", "importFromSplynx", "print('second version, a longer file')");
        var stdout = new StringWriter();

        await python.Runner(_lqos.Logs, stdout).RunAsync(Splynx, _lqos.Path, Timeout, CancellationToken.None);

        Assert.Equal("second version, a longer file\n", stdout.ToString());
    }

    [Fact]
    public async Task Run_OutputLines_LoggedUnderTheModulesScriptCategory()
    {
        _lqos.WriteIntegration("integrationSplynx", "importFromSplynx", "print('imported 3 circuits')");

        await python.Runner(_lqos.Logs).RunAsync(Splynx, _lqos.Path, Timeout, CancellationToken.None);

        Assert.Contains(python.Logs.Entries, e => e.Category == "LibreQoS.Scripts.integrationSplynx" && e.Message == "imported 3 circuits");
    }

    [Fact]
    public async Task Run_ExitsNonZero_ReportsTheCode()
    {
        _lqos.WriteIntegration("integrationSplynx", "importFromSplynx", "print('giving up')\nsys.exit(3)", imports: "import sys");

        var outcome = await python.Runner(_lqos.Logs).RunAsync(Splynx, _lqos.Path, Timeout, CancellationToken.None);

        Assert.Equal("Splynx exited with code 3. Continuing.\nOutput preview:\ngiving up", outcome.Message);
    }

    [Fact]
    public async Task Run_ScriptMissing_SaysWhereToPutItOrWhatToTurnOff()
    {
        var outcome = await python.Runner(_lqos.Logs).RunAsync(Splynx, _lqos.Path, Timeout, CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Null(outcome.LogPath);
        Assert.Equal($"Splynx cannot run: integrationSplynx.py is not in {_lqos.Path}. Put the integration script there, or set splynx_integration.enable_splynx = false.",
            outcome.Message);
    }
}
