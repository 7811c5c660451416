using LibreQoS.TestKit;

namespace LibreQoS.Scheduling.Tests;

/// <summary>A temp lqos_directory with test integration modules and shaping inputs, and a temp folder for failure logs.</summary>
public sealed class LqosDirectory : IDisposable
{
    private readonly TempDirectory _root = new();

    public LqosDirectory()
    {
        Directory.CreateDirectory(Path);
        Directory.CreateDirectory(Logs);
    }

    public string Path => _root.File("src");

    /// <summary>Stands in for TMPDIR: where failure logs go.</summary>
    public string Logs => _root.File("tmp");

    /// <summary>Writes <c>module.py</c> defining <paramref name="function"/> with <paramref name="body"/> (indented for it).</summary>
    public void WriteIntegration(string module, string function, string body, string imports = "")
    {
        string indented = string.Join('\n', body.Split('\n').Select(line => "    " + line));
        System.IO.File.WriteAllText(File(module + ".py"), $"{imports}\ndef {function}():\n{indented}\n");
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => _root.Dispose();
}
