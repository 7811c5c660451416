namespace LibreQoS.TestKit;

/// <summary>
/// A set of test namespaces and the veth pairs between them, all removed on Dispose even after a failure.
/// Interface names only need to be unique inside their namespace, so tests can use short fixed names.
/// </summary>
public sealed class NetNsFixture : IDisposable
{
    private readonly List<NetworkNamespace> _namespaces = [];

    public NetworkNamespace Add(string role)
    {
        var ns = NetworkNamespace.Create(role);
        _namespaces.Add(ns);
        return ns;
    }

    /// <summary>A veth pair from <paramref name="a"/>:<paramref name="nameA"/> to <paramref name="b"/>:<paramref name="nameB"/>, both up.</summary>
    /// <param name="queues">Transmit and receive queues on each end (several, for an mq root).</param>
    public void AddVeth(NetworkNamespace a, string nameA, NetworkNamespace b, string nameB, int queues = 1)
    {
        if (!_namespaces.Contains(a) || !_namespaces.Contains(b))
            throw new ArgumentException("Both namespaces must come from this fixture, so that the pair is cleaned up with them");
        string q = queues.ToString(System.Globalization.CultureInfo.InvariantCulture);
        a.Ip("link", "add", nameA, "numtxqueues", q, "numrxqueues", q, "type", "veth",
            "peer", "name", nameB, "netns", b.Name, "numtxqueues", q, "numrxqueues", q);
        a.Ip("link", "set", nameA, "up");
        b.Ip("link", "set", nameB, "up");
    }

    public void Dispose()
    {
        foreach (var ns in _namespaces)
            ns.Dispose();
        _namespaces.Clear();
    }
}
