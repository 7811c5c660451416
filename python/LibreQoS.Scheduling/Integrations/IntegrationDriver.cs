namespace LibreQoS.Scheduling.Integrations;

/// <summary>
/// The small Python program that runs an integration's function (<c>integration_driver.py</c>), written into a
/// private folder in the temp folder as one copy per module named after it: the runtime names a run's log category
/// after the file it runs, so output is logged under <c>LibreQoS.Scripts.&lt;module&gt;</c>. Disposing deletes the folder.
/// </summary>
public sealed class IntegrationDriver : IDisposable
{
    private const string ResourceName = "integration_driver.py";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("lqos-scheduler-run-");
    private readonly string _source = ReadSource();

    /// <summary>The driver file for <paramref name="module"/>, written on first use.</summary>
    public string PathFor(string module)
    {
        string path = Path.Combine(_folder.FullName, module + ".py");
        if (!File.Exists(path))
            File.WriteAllText(path, _source);
        return path;
    }

    public void Dispose()
    {
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder: harmless, and stopping must not fail over it.
        }
    }

    private static string ReadSource()
    {
        using var stream = typeof(IntegrationDriver).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
