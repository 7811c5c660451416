using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.LqosConf;
using LibreQoS.Linux;
using LibreQoS.Service.Hosting;

namespace LibreQoS.Service.Tests;

public class PreflightTests
{
    private sealed class FakeInterfaces(params InterfaceInfo[] interfaces) : INetworkInterfaces
    {
        public InterfaceInfo? Find(string name) => interfaces.FirstOrDefault(i => i.Name == name);
    }

    private static LqosConfig Config() => LqosConfigReader.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "lqos-minimal.conf")), "lqos.conf", new DiagnosticBag())!;

    [Fact]
    public void Check_HealthyInterfaces_Passes() =>
        Assert.Empty(Preflight.Check(Config(), new FakeInterfaces(new("eth0", true, 4, 4), new("eth1", true, 4, 4))));

    [Fact]
    public void Check_Problems_OneSentenceEachNamingTheInterface()
    {
        var failures = Preflight.Check(Config(), new FakeInterfaces(new InterfaceInfo("eth0", false, 1, 1)));

        Assert.Equal(
        [
            "Interface eth1 does not exist; fix bridge.to_network / bridge.to_internet in /etc/lqos.conf or bring the NIC up under that name.",
            "Interface eth0 is down; bring it up (ip link set eth0 up) or make it start at boot.",
            "Interface eth0 has 1 TX queue(s) but LibreQoS needs at least 2 for its per-CPU trees; use a multi-queue NIC (check ethtool -l eth0).",
        ], failures);
    }

    [Fact]
    public void Check_OnAStick_NeedsTwoQueuesPerDirection()
    {
        var config = Config() with { Bridge = null, SingleInterface = new SingleInterfaceConfig("eth5", 2, 3, null) };

        var failures = Preflight.Check(config, new FakeInterfaces(new InterfaceInfo("eth5", true, 3, 3)));

        Assert.Contains("needs at least 4", Assert.Single(failures), StringComparison.Ordinal);
    }
}
