using LibreQoS.Core.Network;

namespace LibreQoS.Core.Tests.Network;

public class NetworkTreeTests
{
    private static NetworkNode Node(string name, params NetworkNode[] children) =>
        new(name, $"id-{name}", null, "site", false, 100, 50, null, null, null, null, children, 0);

    [Fact]
    public void AllNodes_NestedTree_VisitsDepthFirstInFileOrder()
    {
        var tree = new NetworkTree([Node("A", Node("A1", Node("A1a")), Node("A2")), Node("B")]);

        Assert.Equal(["A", "A1", "A1a", "A2", "B"], tree.AllNodes().Select(n => n.Name));
    }

    [Fact]
    public void FindByName_DeepNode_IsFound()
    {
        var tree = new NetworkTree([Node("A", Node("A1", Node("A1a")))]);

        Assert.Equal("A1a", tree.FindByName("A1a")?.Name);
        Assert.Equal("A1", tree.FindById("id-A1")?.Name);
        Assert.Null(tree.FindByName("missing"));
    }

    [Fact]
    public void IsFlat_EmptyTree_IsTrue()
    {
        Assert.True(NetworkTree.Flat.IsFlat);
        Assert.False(new NetworkTree([Node("A")]).IsFlat);
    }
}
