using System.Text.Json;
using LibreQoS.TestKit;

namespace LibreQoS.Python.Tests;

/// <summary>Operators' scripts run unchanged: the embedded interpreter looks like the python3 it belongs to.</summary>
[Collection(PythonCollectionDefinition.Name)]
public sealed class PythonRuntimeCompatibilityTests(PythonRuntimeFixture python) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RunFile_ImportsRequestsSslSqlite3_CExtensionsLoad()
    {
        var outcome = await python.RunAsync(_dir,
            "import requests, ssl, sqlite3, json, hashlib, ctypes\n" +
            "con = sqlite3.connect(':memory:')\ncon.execute('create table t (x)')\ncon.execute('insert into t values (41)')\n" +
            "print(con.execute('select x + 1 from t').fetchone()[0])\n" +
            "print(ssl.OPENSSL_VERSION.split()[0])\n" +
            "print(requests.Session().headers['User-Agent'].split('/')[0])\n");

        Assert.Equal(["42", "OpenSSL", "python-requests"], outcome.Stdout);
    }

    [Fact]
    public async Task RunFile_SysExecutable_IsARealPython3ThatSubprocessCanRun()
    {
        var outcome = await python.RunAsync(_dir,
            "import subprocess, sys\nprint(sys.executable)\n" +
            "r = subprocess.run([sys.executable, '-c', 'import sys; print(sys.version_info[0])'], capture_output=True, text=True, timeout=30)\n" +
            "print(r.stdout.strip())\n");

        Assert.Equal(python.Runtime.Installation.Executable, outcome.Stdout[0]);
        Assert.Equal("3", outcome.Stdout[1]);
    }

    [Fact]
    public async Task RunFile_SysPath_SameAsTheRealPython3PlusTheScriptFolder()
    {
        var expected = ProcessRunner.Run(python.Runtime.Installation.Executable, ["-c", "import json, sys; print(json.dumps(sys.path[1:]))"]);

        var outcome = await python.RunAsync(_dir, "import json, sys\nprint(json.dumps(sys.path))\n");

        var embedded = JsonSerializer.Deserialize<List<string>>(outcome.Stdout[0])!;
        Assert.Equal(Path.GetFullPath(_dir.Path), embedded[0]);
        var real = JsonSerializer.Deserialize<List<string>>(expected.StandardOutput)!;
        Assert.Equal(real, embedded[1..(1 + real.Count)]); // other tests in this process may have appended folders
        Assert.Contains(embedded, p => p.EndsWith("dist-packages", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunFile_StdioReconfiguredAsUpstreamV22Does_OutputStillCapturedAndForeignEncodingRefused()
    {
        var outcome = await python.RunAsync(_dir,
            "import sys\n" +
            "for s in (sys.stdout, sys.stderr):\n    s.reconfigure(line_buffering=True, write_through=True)\n" +
            "sys.stdout.reconfigure(encoding='UTF8', errors='replace')\n" +
            "print('still captured')\n" +
            "try:\n    sys.stdout.reconfigure(encoding='latin-1')\nexcept ValueError as e:\n    print(e)\n");

        Assert.Equal(0, outcome.Result.ExitCode);
        Assert.Equal(["still captured", "<stdout> is captured as UTF-8 text; encoding 'latin-1' cannot be set"], outcome.Stdout);
    }

    [Fact]
    public async Task RunFile_ApschedulerBlockingScheduler_IntervalJobsFireUnchanged()
    {
        const string script = """
            import logging
            from apscheduler.schedulers.blocking import BlockingScheduler

            logging.basicConfig(level=logging.WARNING)
            runs = 0
            scheduler = BlockingScheduler()

            def tick():
                global runs
                runs += 1
                print(f"tick {runs}", flush=True)
                if runs >= 5:
                    scheduler.shutdown(wait=False)

            scheduler.add_job(tick, "interval", seconds=0.2)
            scheduler.start()
            print(f"stopped after {runs}")
            """;

        var outcome = await python.RunAsync(_dir, script, name: "scheduler.py", timeout: TimeSpan.FromSeconds(20));

        Assert.Equal(0, outcome.Result.ExitCode);
        Assert.Equal(["tick 1", "tick 2", "tick 3", "tick 4", "tick 5", "stopped after 5"], outcome.Stdout);
        Assert.InRange(outcome.Result.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RunFile_PythonLogging_GoesToStderrSink()
    {
        var outcome = await python.RunAsync(_dir, "import logging\nlogging.getLogger('x').warning('careful %d', 3)\n");

        Assert.Equal(["careful 3"], outcome.Stderr);
    }
}
