using LibreQoS.Bpf.Abi;
using LibreQoS.Bpf.Maps;
using LibreQoS.Core.Network;
using LibreQoS.TestKit;

namespace LibreQoS.Bpf.Tests.Maps;

/// <summary>Typed map access against real kernel maps: those of our object, loaded without pins.</summary>
[Trait("Requires", "root")]
[Collection(KernelTests.Name)]
public sealed class BpfMapTests : IDisposable
{
    private readonly BpfObject? _object;

    public BpfMapTests()
    {
        if (Privileges.WhyNotRoot() is not null)
            return;
        _object = BpfObject.Open(Path.Combine(AppContext.BaseDirectory, KernelAbi.ObjectFileName));
        _object.Load();
    }

    public void Dispose() => _object?.Dispose();

    [RootFact(Kernel = KernelFeatures.Bpf)]
    public void Update_ThenTryLookup_ReturnsTheValue()
    {
        using var map = Trie();
        var key = KernelAddress.ToKey(IpPrefix.Parse("10.1.2.3"));

        map.Update(key, Info(cpu: 1, handle: 0x10010));

        Assert.True(map.TryLookup(key, out var value));
        Assert.Equal(Info(cpu: 1, handle: 0x10010), value);
    }

    [RootFact(Kernel = KernelFeatures.Bpf)]
    public void TryLookup_OnTheTrie_FindsTheLongestCoveringPrefix()
    {
        using var map = Trie();
        map.Update(KernelAddress.ToKey(IpPrefix.Parse("10.1.0.0/16")), Info(cpu: 0, handle: 0x10016));
        map.Update(KernelAddress.ToKey(IpPrefix.Parse("10.1.2.0/24")), Info(cpu: 0, handle: 0x10024));

        Assert.True(map.TryLookup(KernelAddress.ToKey(IpPrefix.Parse("10.1.2.3")), out var inner));
        Assert.True(map.TryLookup(KernelAddress.ToKey(IpPrefix.Parse("10.1.9.9")), out var outer));
        Assert.False(map.TryLookup(KernelAddress.ToKey(IpPrefix.Parse("10.2.0.1")), out _));
        Assert.Equal(0x10024u, inner.TcHandle);
        Assert.Equal(0x10016u, outer.TcHandle);
    }

    [RootFact(Kernel = KernelFeatures.Bpf)]
    public void Delete_RemovesOnlyThatKey_AndReportsAbsence()
    {
        using var map = Trie();
        var a = KernelAddress.ToKey(IpPrefix.Parse("10.0.0.1"));
        var b = KernelAddress.ToKey(IpPrefix.Parse("10.0.0.2"));
        map.Update(a, Info(0, 1));
        map.Update(b, Info(0, 2));

        Assert.True(map.Delete(a));
        Assert.False(map.Delete(a));
        Assert.False(map.TryLookup(a, out _));
        Assert.True(map.TryLookup(b, out _));
    }

    [RootFact(Kernel = KernelFeatures.Bpf)]
    public void TryInsert_OnAnExistingKey_ReturnsFalseAndKeepsTheValue()
    {
        using var map = Trie();
        var key = KernelAddress.ToKey(IpPrefix.Parse("fd00::1"));
        map.Update(key, Info(0, 1));

        Assert.False(map.TryInsert(key, Info(0, 2)));
        Assert.True(map.TryInsert(KernelAddress.ToKey(IpPrefix.Parse("fd00::2")), Info(0, 3)));
        Assert.True(map.TryLookup(key, out var value));
        Assert.Equal(1u, value.TcHandle);
    }

    [RootFact(Kernel = KernelFeatures.Bpf)]
    public void UpdateBatch_ThenReadAllAndKeys_SeeEveryEntry()
    {
        using var map = Trie();
        var (keys, values) = Entries(5000);

        map.UpdateBatch(keys, values);

        var read = map.ReadAll().ToDictionary(e => KernelAddress.FromKey(e.Key), e => e.Value);
        Assert.Equal(5000, read.Count);
        Assert.Equal(values[1234], read[KernelAddress.FromKey(keys[1234])]);
        Assert.Equal(5000, map.Keys().Count);
    }

    [RootFact(Kernel = KernelFeatures.Bpf)]
    public void UpdateBatch_OnTheTrie_UsesOneSyscallOnThisKernel()
    {
        using var map = Trie();
        var (keys, values) = Entries(10);

        map.UpdateBatch(keys, values);

        Assert.True(map.UsesBatchSyscalls, "this kernel should have batch operations for LPM tries");
    }

    [RootFact(Kernel = KernelFeatures.Bpf)]
    public void DeleteBatch_WithAbsentKeys_DeletesThePresentOnesAndCountsThem()
    {
        using var map = Trie();
        var (keys, values) = Entries(100);
        map.UpdateBatch(keys, values);
        var absent = KernelAddress.ToKey(IpPrefix.Parse("192.0.2.1"));

        int deleted = map.DeleteBatch([keys[0], absent, .. keys[1..50], absent]);

        Assert.Equal(50, deleted);
        Assert.Equal(50, map.Keys().Count);
    }

    [RootFact(Kernel = KernelFeatures.Bpf)]
    public void PerCpuMap_RoundTripsOneValuePerCpu()
    {
        using var map = new PerCpuBpfMap<HostKey, HostCounter>(_object!.Map(KernelAbi.TrafficMap).OpenFd(), KernelAbi.TrafficMap);
        var key = KernelAddress.ToHostKey(IpPrefix.Parse("10.9.9.9"));
        var perCpu = Enumerable.Range(0, map.CpuCount).Select(cpu => new HostCounter { DownloadBytes = (ulong)(100 + cpu) }).ToArray();

        map.Update(key, perCpu);

        Assert.True(map.TryLookup(key, out var read));
        Assert.Equal(perCpu.Select(c => c.DownloadBytes), read.Select(c => c.DownloadBytes));
        var all = Assert.Single(map.ReadAll());
        Assert.Equal(perCpu.Length, all.Value.Length);
        Assert.Equal(1, map.DeleteBatch([key, key]));
    }

    [RootFact(Kernel = KernelFeatures.Bpf)]
    public void Open_WithAValueTypeOfTheWrongSize_ThrowsNamingBothSizes()
    {
        var e = Assert.Throws<BpfException>(() => new BpfMap<IpHashKey, ulong>(_object!.Map(KernelAbi.IpMappingMap).OpenFd(), KernelAbi.IpMappingMap));

        Assert.Contains("24-byte values", e.Message, StringComparison.Ordinal);
        Assert.Contains("8 bytes", e.Message, StringComparison.Ordinal);
    }

    [RootFact(Kernel = KernelFeatures.Bpf)]
    public void OpenPinned_WhenNothingIsPinned_ThrowsWithThePathAndErrnoName()
    {
        using var fs = new TestBpfFs();
        string path = Path.Combine(fs.MountPoint, "nothing_here");

        var e = Assert.Throws<BpfException>(() => BpfMap<uint, uint>.OpenPinned(path));

        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("(ENOENT)", e.Message, StringComparison.Ordinal);
    }

    private BpfMap<IpHashKey, IpHashInfo> Trie()
    {
        var map = new BpfMap<IpHashKey, IpHashInfo>(_object!.Map(KernelAbi.IpMappingMap).OpenFd(), KernelAbi.IpMappingMap);
        map.DeleteBatch(map.Keys().ToArray());
        return map;
    }

    private static IpHashInfo Info(uint cpu, uint handle) => new() { Cpu = cpu, TcHandle = handle, CircuitId = handle * 3, DeviceId = handle * 5 };

    private static (IpHashKey[] Keys, IpHashInfo[] Values) Entries(int count)
    {
        var keys = Enumerable.Range(0, count).Select(i => KernelAddress.ToKey(IpPrefix.Parse($"10.{i >> 16}.{(i >> 8) & 255}.{i & 255}"))).ToArray();
        var values = Enumerable.Range(0, count).Select(i => Info((uint)(i % 2), (uint)(0x10000 + i))).ToArray();
        return (keys, values);
    }
}
