namespace LibreQoS.TestKit;

/// <summary>Compares text with a golden file; <c>LQOS_UPDATE_GOLDEN=1</c> rewrites the file instead.</summary>
public static class Golden
{
    public static void AssertMatches(string path, string actual)
    {
        if (Environment.GetEnvironmentVariable("LQOS_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"{path} is missing; run the tests with LQOS_UPDATE_GOLDEN=1 to create it, then review it");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
