using LibreQoS.TestKit;

namespace LibreQoS.Tc.Tests;

/// <summary>The inspector against a real kernel: two veth interfaces in a namespace, one given LibreQoS's mq root.</summary>
[Trait("Requires", "root")]
public sealed class ProcessTcInspectorTests : IDisposable
{
    private readonly NetNsFixture _namespaces = new();
    private readonly NetworkNamespace? _shaper;

    public ProcessTcInspectorTests()
    {
        if (Privileges.WhyNotRoot() is not null)
            return;
        _shaper = _namespaces.Add("shaper");
        var peer = _namespaces.Add("peer");
        _namespaces.AddVeth(_shaper, "lan0", peer, "lan1", queues: 2);
        _namespaces.AddVeth(_shaper, "wan0", peer, "wan1", queues: 2);
        _shaper.Tc("qdisc", "replace", "dev", "lan0", "root", "handle", "7fff:", "mq");
    }

    public void Dispose() => _namespaces.Dispose();

    private bool HaveRoots(params string[] devices) => _shaper!.Run(() => new ProcessTcInspector().HaveLibreQoSRoots(devices));

    [RootFact]
    public void HaveLibreQoSRoots_TrueOnlyWhenEveryDeviceHasAnMqRoot()
    {
        Assert.True(HaveRoots("lan0"));
        Assert.False(HaveRoots("lan0", "wan0"));

        _shaper!.Tc("qdisc", "replace", "dev", "wan0", "root", "handle", "7fff:", "mq");

        Assert.True(HaveRoots("lan0", "wan0"));
    }

    [RootFact]
    public void HaveLibreQoSRoots_MissingDevice_IsFalse() => Assert.False(HaveRoots("lan0", "nosuch0"));
}
