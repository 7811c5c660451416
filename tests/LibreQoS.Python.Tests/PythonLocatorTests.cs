using LibreQoS.Python.Discovery;
using LibreQoS.TestKit;

namespace LibreQoS.Python.Tests;

public sealed class PythonLocatorTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<string> _asked = [];

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Locate_ExplicitLibrary_WinsOverEnvironmentAndInterpreters()
    {
        string configured = Library("configured/libpython3.11.so.1.0");
        string system = Library("system/libpython3.11.so.1.0");
        var probe = Probe(("/usr/bin/python3", new PythonProbeResult("/usr/bin/python3.11", "3.11", [system])));

        var found = PythonLocator.Locate(new PythonRuntimeOptions { LibraryPath = configured, LibraryPathSetting = "lqos.conf python.library" },
            Environment(Library("env/libpython3.11.so")), probe);

        Assert.Equal(configured, found.LibraryPath);
        Assert.Equal("lqos.conf python.library", found.FoundBy);
        Assert.Equal("/usr/bin/python3.11", found.Executable); // same X.Y version as the library
    }

    [Fact]
    public void Locate_PythonnetVariable_UsedWhenNothingConfigured()
    {
        string fromEnvironment = Library("env/libpython3.11.so");
        var probe = Probe(("/usr/bin/python3", new PythonProbeResult("/usr/bin/python3.11", "3.11", [Library("system/libpython3.11.so.1.0")])));

        var found = PythonLocator.Locate(new PythonRuntimeOptions(), Environment(fromEnvironment), probe);

        Assert.Equal(fromEnvironment, found.LibraryPath);
        Assert.Equal("PYTHONNET_PYDLL", found.FoundBy);
    }

    [Fact]
    public void Locate_NothingSet_AsksSystemPythonFirst()
    {
        string system = Library("system/libpython3.11.so.1.0");
        var probe = Probe(
            ("/usr/bin/python3", new PythonProbeResult("/usr/bin/python3.11", "3.11", [system])),
            ("python3", new PythonProbeResult("/root/.pyenv/versions/3.11.7/bin/python3.11", "3.11", [Library("pyenv/libpython3.11.so.1.0")])));

        var found = PythonLocator.Locate(new PythonRuntimeOptions(), Environment(null), probe);

        Assert.Equal(new PythonInstallation(system, "/usr/bin/python3.11", "asking /usr/bin/python3"), found);
        Assert.Equal(["/usr/bin/python3"], _asked);
    }

    [Fact]
    public void Locate_SystemPythonHasNoSharedLibrary_FallsBackToPython3OnPath()
    {
        string pyenv = Library("pyenv/libpython3.11.so.1.0");
        var probe = Probe(
            ("/usr/bin/python3", new PythonProbeResult("/usr/bin/python3.11", "3.11", [_dir.File("missing/libpython3.11.so.1.0")])),
            ("python3", new PythonProbeResult("/opt/py/bin/python3.11", "3.11", [pyenv])));

        var found = PythonLocator.Locate(new PythonRuntimeOptions(), Environment(null), probe);

        Assert.Equal(new PythonInstallation(pyenv, "/opt/py/bin/python3.11", "asking python3"), found);
        Assert.Equal(["/usr/bin/python3", "python3"], _asked);
    }

    [Fact]
    public void Locate_ConfiguredExecutable_AskedBeforeTheOthers()
    {
        string venvPython = Library("venv/bin/python3");
        string library = Library("venv-base/libpython3.12.so.1.0");
        var probe = Probe((venvPython, new PythonProbeResult(venvPython, "3.12", [library])));

        var found = PythonLocator.Locate(new PythonRuntimeOptions { Executable = venvPython }, Environment(null), probe);

        Assert.Equal(new PythonInstallation(library, venvPython, $"asking {venvPython}"), found);
        Assert.Equal([venvPython], _asked);
    }

    [Fact]
    public void Locate_ExplicitLibrary_ExecutableMatchedBySameFileBeforeVersion()
    {
        string library = Library("pyenv/libpython3.11.so.1.0");
        var probe = Probe(
            ("/usr/bin/python3", new PythonProbeResult("/usr/bin/python3.11", "3.11", [Library("system/libpython3.11.so.1.0")])),
            ("python3", new PythonProbeResult("/opt/py/bin/python3.11", "3.11", [library])));

        var found = PythonLocator.Locate(new PythonRuntimeOptions { LibraryPath = library }, Environment(null), probe);

        Assert.Equal("/opt/py/bin/python3.11", found.Executable);
    }

    [Fact]
    public void Locate_ExplicitLibraryMissing_OneSentenceNamingTheSetting()
    {
        var ex = Assert.Throws<PythonInstallationException>(() => PythonLocator.Locate(
            new PythonRuntimeOptions { LibraryPath = "/nowhere/libpython3.11.so", LibraryPathSetting = "lqos.conf python.library" },
            Environment(null), Probe()));

        Assert.Equal("The Python library /nowhere/libpython3.11.so given by lqos.conf python.library does not exist.", ex.Message);
    }

    [Fact]
    public void Locate_NoInterpreterHasALibrary_NamesBothSettings()
    {
        var ex = Assert.Throws<PythonInstallationException>(() => PythonLocator.Locate(new PythonRuntimeOptions(), Environment(null), Probe()));

        Assert.Contains("PYTHONNET_PYDLL", ex.Message, StringComparison.Ordinal);
        Assert.Contains("the Python library setting", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Locate_ExplicitLibraryWithNoMatchingInterpreter_NamesTheExecutableSetting()
    {
        string library = Library("other/libpython3.13.so.1.0");
        var probe = Probe(("/usr/bin/python3", new PythonProbeResult("/usr/bin/python3.11", "3.11", [])));

        var ex = Assert.Throws<PythonInstallationException>(() =>
            PythonLocator.Locate(new PythonRuntimeOptions { LibraryPath = library }, Environment(null), probe));

        Assert.Contains("the Python executable setting", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Locate_ThisMachine_FindsDebiansLibpythonThroughUsrBinPython3()
    {
        var found = PythonLocator.Locate(new PythonRuntimeOptions(), Environment(null), PythonProbe.Run);

        Assert.Equal("asking /usr/bin/python3", found.FoundBy);
        Assert.Matches(@"^/usr/lib/[^/]+/libpython3\.\d+\.so\.1\.0$", found.LibraryPath);
        Assert.Matches(@"^/usr/bin/python3(\.\d+)?$", found.Executable);
    }

    private string Library(string relative)
    {
        string path = _dir.File(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        return path;
    }

    private static Func<string, string?> Environment(string? pythonnetPydll) =>
        name => name == PythonLocator.LibraryEnvironmentVariable ? pythonnetPydll : null;

    private Func<string, PythonProbeResult?> Probe(params (string Interpreter, PythonProbeResult Result)[] answers) => interpreter =>
    {
        _asked.Add(interpreter);
        return answers.FirstOrDefault(a => a.Interpreter == interpreter).Result;
    };
}
