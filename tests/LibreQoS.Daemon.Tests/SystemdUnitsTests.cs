using LibreQoS.TestKit;

namespace LibreQoS.Daemon.Tests;

public sealed class SystemdUnitsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Unit(string name) => File.ReadAllText(Path.Combine(RepoPaths.Root, "systemd", name));

    [Fact]
    public void Verify_BothUnits_PassSystemdAnalyze()
    {
        if (Privileges.WhyMissing(["systemd-analyze"]) is { } missing)
            Assert.Fail($"systemd-analyze must be installed for this check: {missing}");
        foreach (var name in new[] { "lqosd.service", "lqos_scheduler.service" })
            _dir.Write(name, Unit(name).Replace("/opt/libreqos/bin/", AppContext.BaseDirectory, StringComparison.Ordinal));

        var result = ProcessRunner.Run("systemd-analyze", ["verify", _dir.File("lqosd.service"), _dir.File("lqos_scheduler.service")]);

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.DoesNotContain("lqos", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Units_DeclareNotifyReadinessAndOrdering()
    {
        string lqosd = Unit("lqosd.service"), scheduler = Unit("lqos_scheduler.service");

        Assert.Contains("Type=notify", lqosd, StringComparison.Ordinal);
        Assert.Contains("Type=notify", scheduler, StringComparison.Ordinal);
        Assert.Contains("Requires=lqosd.service", scheduler, StringComparison.Ordinal);
        Assert.Contains("After=lqosd.service", scheduler, StringComparison.Ordinal);
        Assert.Contains("Restart=always", scheduler, StringComparison.Ordinal);
        Assert.Contains("CapabilityBoundingSet=\n", scheduler, StringComparison.Ordinal);
        Assert.Contains("d /run/lqos 0750 root lqos", File.ReadAllText(Path.Combine(RepoPaths.Root, "systemd", "tmpfiles.d", "lqos.conf")), StringComparison.Ordinal);
        Assert.Contains("g lqos", File.ReadAllText(Path.Combine(RepoPaths.Root, "systemd", "sysusers.d", "lqos.conf")), StringComparison.Ordinal);
    }

    [Fact]
    public void MakeInstall_IntoDestdir_PlacesBinariesUnitsAndSnippets()
    {
        string destdir = _dir.File("root");

        var result = ProcessRunner.Run("make", ["-C", RepoPaths.Root, "install-files", $"DESTDIR={destdir}", "PREFIX=/opt/lqos-test", $"OUT={AppContext.BaseDirectory}"]);

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.True(File.Exists(Path.Combine(destdir, "opt/lqos-test/bin/lqosd.dll")));
        Assert.True(File.Exists(Path.Combine(destdir, "opt/lqos-test/src/LibreQoS.py")));
        Assert.True(File.Exists(Path.Combine(destdir, "opt/lqos-test/src/liblqos_python/__init__.py")));
        Assert.True(File.Exists(Path.Combine(destdir, "opt/lqos-test/src/liblqos_python/_bus.py")));
        string unit = File.ReadAllText(Path.Combine(destdir, "etc/systemd/system/lqosd.service"));
        Assert.Contains("ExecStart=/opt/lqos-test/bin/lqosd", unit, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(destdir, "etc/systemd/system/lqos_scheduler.service")));
        Assert.True(File.Exists(Path.Combine(destdir, "usr/lib/tmpfiles.d/lqos.conf")));
        Assert.True(File.Exists(Path.Combine(destdir, "usr/lib/sysusers.d/lqos.conf")));
    }
}
