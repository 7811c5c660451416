using LibreQoS.TestKit;
using Microsoft.Extensions.Logging;

namespace LibreQoS.Python.Tests;

[Collection(PythonCollectionDefinition.Name)]
public sealed class PythonRuntimeRunFileTests(PythonRuntimeFixture python) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RunFile_PrintingScript_ReturnsZeroAndItsLines()
    {
        var outcome = await python.RunAsync(_dir, "print('hello')\nprint('wörld ✓')\n");

        Assert.Equal(0, outcome.Result.ExitCode);
        Assert.Equal(["hello", "wörld ✓"], outcome.Stdout);
    }

    [Fact]
    public async Task RunFile_HundredThousandLines_AllCapturedInOrder()
    {
        var outcome = await python.RunAsync(_dir, "for i in range(100_000):\n    print(f'line {i}')\n");

        Assert.Equal(100_000, outcome.Stdout.Count);
        for (int i = 0; i < outcome.Stdout.Count; i++)
            Assert.Equal($"line {i}", outcome.Stdout[i]);
    }

    [Fact]
    public async Task RunFile_EnvironmentOption_SeenByScriptsAndTheProcessesTheyStart()
    {
        string name = PythonRuntimeFixture.HostVariable;
        var outcome = await python.RunAsync(_dir,
            $"import os, subprocess\nprint(os.environ['{name}'])\nprint(subprocess.run(['sh', '-c', 'echo ${name}'], capture_output=True, text=True).stdout.strip())\n");

        Assert.Equal([PythonRuntimeFixture.HostVariableValue, PythonRuntimeFixture.HostVariableValue], outcome.Stdout);
    }

    [Fact]
    public async Task RunFile_StderrWrites_CapturedSeparately()
    {
        var outcome = await python.RunAsync(_dir, "import sys\nprint('out')\nprint('err', file=sys.stderr)\nsys.stderr.write('a\\nb\\n')\n");

        Assert.Equal(["out"], outcome.Stdout);
        Assert.Equal(["err", "a", "b"], outcome.Stderr);
    }

    [Fact]
    public async Task RunFile_PartialLastLineAndFlush_DeliveredWhenRunEnds()
    {
        var outcome = await python.RunAsync(_dir, "import sys\nprint('a', end='', flush=True)\nsys.stdout.write('b')\nsys.stdout.flush()\nprint()\nsys.stdout.write('tail')\n");

        Assert.Equal(["ab", "tail"], outcome.Stdout);
    }

    [Fact]
    public async Task RunFile_ScriptRaises_PythonExceptionWithFileAndLineInTraceback()
    {
        string path = _dir.File("failing.py");

        var ex = await Assert.ThrowsAsync<PythonException>(() =>
            python.RunAsync(_dir, "def inner():\n    raise ValueError('bad value')\n\ninner()\n", name: "failing.py"));

        Assert.Equal("ValueError", ex.PythonType);
        Assert.Equal("bad value", ex.PythonMessage);
        Assert.StartsWith("Traceback (most recent call last):", ex.PythonTraceback, StringComparison.Ordinal);
        Assert.Contains($"File \"{path}\", line 4, in <module>", ex.PythonTraceback, StringComparison.Ordinal);
        Assert.Contains($"File \"{path}\", line 2, in inner", ex.PythonTraceback, StringComparison.Ordinal);
        Assert.EndsWith("ValueError: bad value\n", ex.PythonTraceback, StringComparison.Ordinal);
        Assert.Contains(ex.PythonTraceback, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunFile_ChainedException_TracebackShowsBoth()
    {
        var ex = await Assert.ThrowsAsync<PythonException>(() =>
            python.RunAsync(_dir, "try:\n    {}['k']\nexcept KeyError as e:\n    raise RuntimeError('wrapped') from e\n"));

        Assert.Equal("RuntimeError", ex.PythonType);
        Assert.Contains("KeyError: 'k'", ex.PythonTraceback, StringComparison.Ordinal);
        Assert.Contains("The above exception was the direct cause", ex.PythonTraceback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunFile_SyntaxError_PythonExceptionNamingTheLine()
    {
        var ex = await Assert.ThrowsAsync<PythonException>(() => python.RunAsync(_dir, "x = 1\nif x\n    pass\n", name: "broken.py"));

        Assert.Equal("SyntaxError", ex.PythonType);
        Assert.Contains("broken.py\", line 2", ex.PythonTraceback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunFile_ModuleQualifiedException_TypeNameIncludesModule()
    {
        var ex = await Assert.ThrowsAsync<PythonException>(() => python.RunAsync(_dir, "import json\njson.loads('{')\n"));

        Assert.Equal("json.decoder.JSONDecodeError", ex.PythonType);
    }

    [Fact]
    public async Task RunFile_SysExit3_ExitCode3AndHostLives()
    {
        var outcome = await python.RunAsync(_dir, "import sys\nprint('before')\nsys.exit(3)\nprint('after')\n");
        var next = await python.RunAsync(_dir, "print('still here')\n");

        Assert.Equal(3, outcome.Result.ExitCode);
        Assert.Equal(["before"], outcome.Stdout);
        Assert.Equal(["still here"], next.Stdout);
    }

    [Theory]
    [InlineData("sys.exit()", 0, null)]
    [InlineData("sys.exit(None)", 0, null)]
    [InlineData("sys.exit('fatal: no config')", 1, "fatal: no config")]
    [InlineData("raise SystemExit(7)", 7, null)]
    [InlineData("exit(2)", 2, null)]
    public async Task RunFile_SysExitVariants_ExitCodeAsPython3(string statement, int expected, string? stderrLine)
    {
        var outcome = await python.RunAsync(_dir, $"import sys\n{statement}\n");

        Assert.Equal(expected, outcome.Result.ExitCode);
        Assert.Equal(stderrLine is null ? [] : [stderrLine], outcome.Stderr);
    }

    [Fact]
    public async Task RunFile_OsExit5_InterceptedLoggedAndHostLives()
    {
        var outcome = await python.RunAsync(_dir, "import os\nprint('bye')\ntry:\n    os._exit(5)\nfinally:\n    print('cleanup')\n", name: "exiter.py");
        var next = await python.RunAsync(_dir, "print('alive')\n");

        Assert.Equal(5, outcome.Result.ExitCode);
        Assert.Equal(["bye", "cleanup"], outcome.Stdout);
        Assert.Equal(["alive"], next.Stdout);
        var entry = Assert.Single(python.Logs.Entries, e => e.EventId == 4504 && e.Message.StartsWith("exiter.py", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("os._exit(5)", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunFile_PosixExit_AlsoIntercepted()
    {
        var outcome = await python.RunAsync(_dir, "import posix\nposix._exit(6)\n");

        Assert.Equal(6, outcome.Result.ExitCode);
    }

    [Fact]
    public async Task RunFile_ArgvCwdAndMain_AsPython3WouldSetThem()
    {
        using var work = new TempDirectory();
        _dir.Write("helper_mod_for_argv.py", "VALUE = 42\n");

        var outcome = await python.RunAsync(_dir,
            "import os, sys, helper_mod_for_argv\nprint(__name__)\nprint(sys.argv)\nprint(os.getcwd())\nprint(helper_mod_for_argv.VALUE)\nprint(__file__)\n",
            arguments: ["--flag", "x y"], workingDirectory: work.Path);

        string path = _dir.File("script.py");
        Assert.Equal(["__main__", $"['{path}', '--flag', 'x y']", work.Path, "42", path], outcome.Stdout);
        Assert.NotEqual(work.Path, Directory.GetCurrentDirectory());
    }

    [Fact]
    public async Task RunFile_ScriptChangesSysPath_RestoredForNextRun()
    {
        await python.RunAsync(_dir, "import sys\nsys.path.append('/nonexistent-added-by-script')\nsys.argv.append('x')\n");

        var outcome = await python.RunAsync(_dir, "import sys\nprint('/nonexistent-added-by-script' in sys.path)\nprint(len(sys.argv))\n");

        Assert.Equal(["False", "1"], outcome.Stdout);
    }

    [Fact]
    public async Task RunFile_ScriptReplacesOrClosesStdout_NextRunStillCaptured()
    {
        await python.RunAsync(_dir, "import io, sys\nsys.stdout.close()\nsys.stdout = io.StringIO()\n");

        var outcome = await python.RunAsync(_dir, "print('captured')\n");

        Assert.Equal(["captured"], outcome.Stdout);
    }

    [Fact]
    public async Task RunFile_LinesFromPythonThreads_CapturedWhileRunning()
    {
        var outcome = await python.RunAsync(_dir,
            "import threading\ndef work(n):\n    for i in range(1000):\n        print(f'{n}:{i}')\n" +
            "ts = [threading.Thread(target=work, args=(n,)) for n in range(4)]\n[t.start() for t in ts]\n[t.join() for t in ts]\n");

        Assert.Equal(4000, outcome.Stdout.Count);
        for (int n = 0; n < 4; n++)
            Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"{n}:{i}"), outcome.Stdout.Where(l => l.StartsWith($"{n}:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RunFile_ThreadWritesALineBetweenAnotherThreadsTextAndItsNewline_BothLinesIntact()
    {
        var outcome = await python.RunAsync(_dir,
            "import sys, threading\nstarted, done = threading.Event(), threading.Event()\n" +
            "def first():\n    sys.stdout.write('first')\n    started.set()\n    done.wait()\n    sys.stdout.write('\\n')\n" +
            "t = threading.Thread(target=first)\nt.start()\nstarted.wait()\nprint('second')\ndone.set()\nt.join()\n");

        Assert.Equal(["second", "first"], outcome.Stdout);
    }

    [Fact]
    public async Task RunFile_Output_LoggedUnderScriptCategoryWithLevelPerStream()
    {
        await python.RunAsync(_dir, "import sys\nprint('to the log')\nprint('warned', file=sys.stderr)\n", name: "logged.py");

        Assert.Contains(python.Logs.Entries, e => e is { Category: "Python.Scripts.logged", Level: LogLevel.Information, Message: "to the log" });
        Assert.Contains(python.Logs.Entries, e => e is { Category: "Python.Scripts.logged", Level: LogLevel.Warning, Message: "warned" });
    }

    [Fact]
    public async Task RunFile_MissingFile_FileNotFoundException()
    {
        await Assert.ThrowsAsync<FileNotFoundException>(() => python.Runtime.RunFileAsync(new ScriptRunRequest(_dir.File("absent.py"))));
    }
}
