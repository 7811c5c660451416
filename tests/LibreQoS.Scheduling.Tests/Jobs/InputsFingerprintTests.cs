using LibreQoS.Scheduling.Jobs;
using LibreQoS.TestKit;

namespace LibreQoS.Scheduling.Tests.Jobs;

public class InputsFingerprintTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("network.json")]
    [InlineData("ShapedDevices.csv")]
    [InlineData("lqos_overrides.json")]
    public void Compute_AnyInputChanges_FingerprintChanges(string file)
    {
        foreach (string name in InputsFingerprint.FileNames)
            _dir.Write(name, "{}");
        string before = InputsFingerprint.Compute(_dir.Path);

        _dir.Write(file, "{ }");

        Assert.NotEqual(before, InputsFingerprint.Compute(_dir.Path));
    }

    [Fact]
    public void Compute_SameContentsRewritten_SameFingerprint()
    {
        _dir.Write("ShapedDevices.csv", "Circuit ID\n");
        string before = InputsFingerprint.Compute(_dir.Path);

        _dir.Write("ShapedDevices.csv", "Circuit ID\n");

        Assert.Equal(before, InputsFingerprint.Compute(_dir.Path));
    }

    [Fact]
    public void Compute_MissingFileVersusEmptyFile_Differ()
    {
        string missing = InputsFingerprint.Compute(_dir.Path);

        _dir.Write("lqos_overrides.json", "");

        Assert.NotEqual(missing, InputsFingerprint.Compute(_dir.Path));
    }
}
