namespace LibreQoS.TestKit;

/// <summary>Locations in the checkout, found from the test assembly's folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>../shared beside the checkout: specs and gen_network.py.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string GenNetworkScript => Path.Combine(Shared, "tools", "gen_network.py");

    public static string OutBin => Path.Combine(Root, "out", "bin");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LibreQoS.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"LibreQoS.sln not found above {AppContext.BaseDirectory}");
    }
}
