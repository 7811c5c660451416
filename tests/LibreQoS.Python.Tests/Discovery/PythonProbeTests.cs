using LibreQoS.Python.Discovery;

namespace LibreQoS.Python.Tests.Discovery;

public sealed class PythonProbeTests
{
    [Fact]
    public void Parse_ProbeOutput_ExecutableVersionAndCandidates()
    {
        var result = PythonProbe.Parse("/usr/bin/python3\n3.11\n/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0\n/usr/lib/x86_64-linux-gnu/libpython3.11.so\n");

        Assert.Equal("/usr/bin/python3", result!.Executable);
        Assert.Equal("3.11", result.Version);
        Assert.Equal(2, result.LibraryCandidates.Count);
    }

    [Fact]
    public void Run_MissingInterpreter_Null()
    {
        Assert.Null(PythonProbe.Run("/nonexistent/python3"));
    }

    [Fact]
    public void Run_SystemPython_ReportsItsSharedLibrary()
    {
        var result = PythonProbe.Run("/usr/bin/python3");

        Assert.NotNull(result);
        Assert.Contains(result.LibraryCandidates, File.Exists);
    }
}
