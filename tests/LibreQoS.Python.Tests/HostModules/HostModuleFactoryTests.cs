using LibreQoS.TestKit;

namespace LibreQoS.Python.Tests.HostModules;

[Collection(PythonCollectionDefinition.Name)]
public sealed class HostModuleFactoryTests(PythonRuntimeFixture python) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RegisterHostModule_FunctionsCallableFromScripts_WithConvertedValues()
    {
        var seen = new List<IReadOnlyList<object?>>();
        await python.Runtime.RegisterHostModuleAsync("test_host_values", new Dictionary<string, HostFunction>
        {
            ["add"] = args => (long)args[0]! + (long)args[1]!,
            ["echo"] = args =>
            {
                seen.Add(args);
                return args;
            },
            ["nothing"] = _ => null,
        });

        var outcome = await python.RunAsync(_dir,
            "import test_host_values as h\nprint(h.add(2, 40))\nprint(h.echo('é', 1.5, None, True, [1, {'k': 'v'}]))\nprint(h.nothing())\n");

        Assert.Equal(["42", "['é', 1.5, None, True, [1, {'k': 'v'}]]", "None"], outcome.Stdout);
        var args = Assert.Single(seen);
        Assert.Equal(["é", 1.5, null, true], args.Take(4));
    }

    [Theory]
    [InlineData("argument", "ValueError: bad argument")]
    [InlineData("unsupported", "TypeError: no conversion")]
    [InlineData("other", "RuntimeError: InvalidOperationException: broken")]
    public async Task RegisterHostModule_DotNetException_BecomesPythonException(string kind, string expected)
    {
        await python.Runtime.RegisterHostModuleAsync("test_host_errors", new Dictionary<string, HostFunction>
        {
            ["fail"] = args => throw ((string)args[0]! switch
            {
                "argument" => new ArgumentException("bad argument"),
                "unsupported" => new NotSupportedException("no conversion"),
                _ => new InvalidOperationException("broken"),
            }),
        });

        var outcome = await python.RunAsync(_dir,
            $"import test_host_errors\ntry:\n    test_host_errors.fail('{kind}')\nexcept Exception as e:\n    print(f'{{type(e).__name__}}: {{e}}')\n");

        Assert.Equal([expected], outcome.Stdout);
    }

    [Fact]
    public async Task RegisterHostModule_BlockingFunction_OtherPythonThreadsKeepRunning()
    {
        using var release = new ManualResetEventSlim();
        await python.Runtime.RegisterHostModuleAsync("test_host_blocking", new Dictionary<string, HostFunction>
        {
            ["wait"] = _ => release.Wait(TimeSpan.FromSeconds(10)),
            ["release"] = _ =>
            {
                release.Set();
                return null;
            },
        });

        // The main thread blocks in .NET; a Python thread must still get the GIL to release it.
        var outcome = await python.RunAsync(_dir,
            "import threading, test_host_blocking as h\nthreading.Timer(0.1, h.release).start()\nprint(h.wait())\n",
            timeout: TimeSpan.FromSeconds(20));

        Assert.Equal(["True"], outcome.Stdout);
    }

    [Fact]
    public async Task RegisterHostModule_CallFromHostFunctionIntoRuntime_RefusedNotDeadlocked()
    {
        await python.Runtime.RegisterHostModuleAsync("test_host_reentry", new Dictionary<string, HostFunction>
        {
            ["reenter"] = _ => python.Runtime.CallAsync("math", "sqrt", 4.0).GetAwaiter().GetResult(),
        });

        var outcome = await python.RunAsync(_dir,
            "import test_host_reentry\ntry:\n    test_host_reentry.reenter()\nexcept RuntimeError as e:\n    print('refused' if 'interpreter thread' in str(e) else str(e))\n",
            timeout: TimeSpan.FromSeconds(10));

        Assert.Equal(["refused"], outcome.Stdout);
    }
}
