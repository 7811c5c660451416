using LibreQoS.TestKit;

namespace LibreQoS.Bpf.Tests;

public class BpfObjectTests
{
    [Fact]
    public void Open_AMissingFile_SaysHowTheObjectIsBuilt()
    {
        var e = Assert.Throws<BpfException>(() => BpfObject.Open("/nonexistent/lqos_kern.bpf.o"));

        Assert.Contains("make -C bpf", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_AFileThatIsNoBpfObject_ReportsWhatLibbpfSaid()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("bogus.bpf.o", "not an ELF file");

        var e = Assert.Throws<BpfException>(() => BpfObject.Open(path));

        Assert.Contains($"Opening the BPF object {path} failed", e.Message, StringComparison.Ordinal);
        Assert.Contains("libbpf said:", e.Message, StringComparison.Ordinal);
    }
}
