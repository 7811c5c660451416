using System.Net.Sockets;
using System.Text;
using LibreQoS.TestKit;

namespace LibreQoS.Linux.Tests;

public sealed class UnixTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void FindGid_GroupFile_ReadsTheNumber()
    {
        string file = _dir.Write("group", "root:x:0:\nlqos:x:997:alice,bob\n# comment\n");

        Assert.Equal(997, UnixGroups.FindGid("lqos", file));
        Assert.Null(UnixGroups.FindGid("nobody-here", file));
    }

    [Fact]
    public void CreateWithoutWorldAccess_NewFile_HasNoOtherBits()
    {
        string path = _dir.File("private");

        UnixFiles.CreateWithoutWorldAccess(() => File.WriteAllText(path, "x"));

        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(path) & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute));
    }

    [Fact]
    public void CreatePrivateDirectory_IsOwnerAndGroupOnly()
    {
        string path = _dir.File("run");

        UnixFiles.CreatePrivateDirectory(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute,
            File.GetUnixFileMode(path));
    }

    [Fact]
    public void Find_Loopback_IsUpWithQueues()
    {
        var lo = new SysfsNetworkInterfaces().Find("lo");

        Assert.NotNull(lo);
        Assert.True(lo.IsUp);
        Assert.True(lo.TxQueues >= 1);
    }

    [Theory]
    [InlineData("no-such-nic0")]
    [InlineData("../etc")]
    [InlineData("")]
    public void Find_UnknownOrUnsafeName_IsNull(string name) => Assert.Null(new SysfsNetworkInterfaces().Find(name));

    [Fact]
    public void Find_FakeSysfs_ReadsFlagsAndQueueCounts()
    {
        string root = _dir.File("net");
        Directory.CreateDirectory(Path.Combine(root, "eth9", "queues", "tx-0"));
        Directory.CreateDirectory(Path.Combine(root, "eth9", "queues", "tx-1"));
        Directory.CreateDirectory(Path.Combine(root, "eth9", "queues", "rx-0"));
        File.WriteAllText(Path.Combine(root, "eth9", "flags"), "0x1002\n");

        var eth9 = new SysfsNetworkInterfaces(root).Find("eth9");

        Assert.Equal(new InterfaceInfo("eth9", false, 2, 1), eth9);
    }
}
