namespace LibreQoS.TestKit;

/// <summary>
/// A uniquely named network namespace for one test, deleted (with its interfaces) on dispose even after a failure.
/// Commands run inside it through <c>ip netns exec</c>.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    public static NetworkNamespace Create(string purpose)
    {
        var ns = new NetworkNamespace($"lqos-t-{purpose}-{Guid.NewGuid().ToString("N")[..6]}");
        Ip("netns", "add", ns.Name);
        ns.Exec("ip", "link", "set", "lo", "up");
        return ns;
    }

    /// <summary>A veth pair with <paramref name="queues"/> TX/RX queues, one end here and the other in <paramref name="peer"/> (or here too).</summary>
    public void AddVeth(string name, string peerName, int queues, NetworkNamespace? peer = null)
    {
        string q = queues.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Exec("ip", "link", "add", name, "numtxqueues", q, "numrxqueues", q, "type", "veth", "peer", "name", peerName, "numtxqueues", q, "numrxqueues", q);
        if (peer is not null)
            Exec("ip", "link", "set", peerName, "netns", peer.Name);
        Exec("ip", "link", "set", name, "up");
        (peer ?? this).Exec("ip", "link", "set", peerName, "up");
    }

    /// <summary>Runs a command in the namespace; throws with its output when it fails.</summary>
    public ProcessResult Exec(params string[] command) => Check(Run(command), command);

    /// <summary>Runs a command in the namespace and returns whatever happened.</summary>
    public ProcessResult Run(params string[] command) =>
        ProcessRunner.Run("ip", ["netns", "exec", Name, .. command], timeout: TimeSpan.FromMinutes(3));

    public ProcessResult Run(IDictionary<string, string?> environment, params string[] command) =>
        ProcessRunner.Run("ip", ["netns", "exec", Name, .. command], environment, TimeSpan.FromMinutes(3));

    public void Dispose() => ProcessRunner.Run("ip", ["netns", "del", Name]);

    private static void Ip(params string[] arguments) => Check(ProcessRunner.Run("ip", arguments), arguments);

    private static ProcessResult Check(ProcessResult result, string[] command) => result.ExitCode == 0
        ? result
        : throw new InvalidOperationException($"'{string.Join(' ', command)}' failed ({result.ExitCode}): {result.StandardError}{result.StandardOutput}");
}
