namespace LibreQoS.Bpf.Tests;

public class BpfExceptionTests
{
    [Fact]
    public void Message_SaysTheOperationTheErrnoTextAndName()
    {
        var e = new BpfException("Attaching XDP to eth1 in driver mode", Errno.EBUSY);

        Assert.Equal("Attaching XDP to eth1 in driver mode failed: Device or resource busy (EBUSY).", e.Message);
        Assert.Equal("EBUSY", e.ErrnoName);
    }

    [Fact]
    public void Message_ForEperm_SaysWhatPrivilegesAreNeeded()
    {
        var e = new BpfException("Loading the BPF object", Errno.EPERM);

        Assert.Contains("CAP_BPF", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_ForTheKernelOnlyEnotsupp_IsReadable()
    {
        var e = new BpfException("Writing 3 entries", Errno.ENOTSUPP);

        Assert.Contains("not supported", e.Message, StringComparison.Ordinal);
        Assert.Contains("(ENOTSUPP)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_ForALibbpfCode_UsesLibbpfsTextAndName()
    {
        var e = new BpfException("Loading the BPF object", 4007);

        Assert.Contains("verifier", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("LIBBPF_ERRNO__VERIFY", e.ErrnoName);
    }
}
