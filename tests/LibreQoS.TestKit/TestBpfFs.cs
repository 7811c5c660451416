namespace LibreQoS.TestKit;

/// <summary>
/// A private BPF filesystem mounted in a temp directory, so tests pin without touching /sys/fs/bpf and never see
/// each other's pins. Unmounted and deleted on Dispose.
/// </summary>
public sealed class TestBpfFs : IDisposable
{
    private readonly TempDirectory _temp = new();

    public TestBpfFs()
    {
        MountPoint = _temp.File("bpf");
        Directory.CreateDirectory(MountPoint);
        var mount = ProcessRunner.Run("mount", ["-t", "bpf", "bpf", MountPoint]);
        if (mount.ExitCode != 0)
            throw new InvalidOperationException($"mounting a bpffs on {MountPoint} failed: {mount.StandardError}");
    }

    public string MountPoint { get; }

    public string PinDirectory => Path.Combine(MountPoint, "lqos");

    public void Dispose()
    {
        ProcessRunner.Run("umount", [MountPoint]);
        _temp.Dispose();
    }
}
