namespace LibreQoS.Tc;

/// <summary>Executes tc commands. The process runner is the real one; a recording runner lets tests and dry runs see the batch.</summary>
public interface ITcRunner
{
    /// <summary>Runs the commands in order, stopping at the first failure unless <paramref name="force"/>.</summary>
    /// <exception cref="TcException">A command failed (never thrown with <paramref name="force"/>).</exception>
    void Run(IReadOnlyList<TcCommand> commands, bool force = false);
}

/// <summary>Looks at the kernel's current tc state.</summary>
public interface ITcInspector
{
    /// <summary>True when every device exists and its root qdisc is an <c>mq</c> (LibreQoS's, handle <c>7fff:</c>).</summary>
    bool HaveLibreQoSRoots(IReadOnlyCollection<string> devices);

    /// <summary>Whether the kernel offers a qdisc kind; null when it cannot be probed (not root).</summary>
    bool? HasQdisc(string kind);
}
