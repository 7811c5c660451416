using System.Numerics;

namespace LibreQoS.Python.Tests;

[Collection(PythonCollectionDefinition.Name)]
public sealed class PythonRuntimeCallTests(PythonRuntimeFixture python)
{
    [Fact]
    public async Task CallAsync_StdlibFunction_ConvertsArgumentsAndResult()
    {
        Assert.Equal(3.0, await python.Runtime.CallAsync("math", "sqrt", 9));
        Assert.Equal("a-b", await python.Runtime.CallAsync("operator", "add", "a-", "b"));
        Assert.Equal(BigInteger.Pow(2, 100), await python.Runtime.CallAsync("builtins", "pow", 2, 100));
    }

    [Fact]
    public async Task CallAsync_DottedFunction_ResolvesAttributes()
    {
        var result = await python.Runtime.CallAsync("os", "path.join", "/a", "b");

        Assert.Equal("/a/b", result);
    }

    [Fact]
    public async Task CallAsync_FunctionRaises_PythonException()
    {
        var ex = await Assert.ThrowsAsync<PythonException>(() => python.Runtime.CallAsync("math", "sqrt", -1));

        Assert.Equal("ValueError", ex.PythonType);
        Assert.Equal("math domain error", ex.PythonMessage);
    }

    [Fact]
    public async Task CallAsync_MissingModuleOrFunction_PythonException()
    {
        var missingModule = await Assert.ThrowsAsync<PythonException>(() => python.Runtime.CallAsync("no_such_module_xyz", "f"));
        var missingFunction = await Assert.ThrowsAsync<PythonException>(() => python.Runtime.CallAsync("math", "no_such_function"));

        Assert.Equal("ModuleNotFoundError", missingModule.PythonType);
        Assert.Equal("AttributeError", missingFunction.PythonType);
    }

    [Fact]
    public async Task CallAsync_SysExitInFunction_PythonExceptionNotHostExit()
    {
        var ex = await Assert.ThrowsAsync<PythonException>(() => python.Runtime.CallAsync("sys", "exit", 4));

        Assert.Equal("SystemExit", ex.PythonType);
        Assert.True(python.Runtime.IsHealthy);
    }

    [Fact]
    public async Task CallAsync_UnconvertibleResult_NotSupportedNamingTheType()
    {
        var ex = await Assert.ThrowsAsync<NotSupportedException>(() => python.Runtime.CallAsync("builtins", "set"));

        Assert.Contains("'set'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_SecondTimeInOneProcess_Refused()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => PythonRuntime.StartAsync());

        Assert.Contains("once per process", ex.Message, StringComparison.Ordinal);
        Assert.True(python.Runtime.IsHealthy);
    }

    [Fact]
    public async Task ImportAsync_Module_Succeeds_AndMissingOneThrows()
    {
        await python.Runtime.ImportAsync("json");

        var ex = await Assert.ThrowsAsync<PythonException>(() => python.Runtime.ImportAsync("no_such_module_xyz"));
        Assert.Equal("ModuleNotFoundError", ex.PythonType);
    }

    [Fact]
    public async Task CallAsync_PrintingFunction_LineLoggedUnderModuleCategory()
    {
        await python.Runtime.CallAsync("builtins", "print", "from a call");

        Assert.Contains(python.Logs.Entries, e => e.Category == "Python.Scripts.builtins" && e.Message == "from a call");
    }
}
