using LibreQoS.Tc;

namespace LibreQoS.TestKit;

/// <summary>Records every batch instead of running tc; can be told to fail on its n-th batch.</summary>
public sealed class RecordingTcRunner(int failOnCall = 0) : ITcRunner
{
    public List<(List<string> Lines, bool Force)> Calls { get; } = [];

    public void Run(IReadOnlyList<TcCommand> commands, bool force = false)
    {
        Calls.Add((commands.Select(TcBatchWriter.Render).ToList(), force));
        if (Calls.Count == failOnCall)
            throw new TcException("tc failed at line 1 of the batch (x): Error: boom", 1, "x", "Error: boom");
    }
}

/// <summary>An inspector that answers from fixed values instead of asking the kernel.</summary>
public sealed class FakeTcInspector(bool hasRoot, Func<string, bool?>? hasQdisc = null) : ITcInspector
{
    public bool HaveLibreQoSRoots(IReadOnlyCollection<string> devices) => hasRoot;

    public bool? HasQdisc(string kind) => hasQdisc is null ? true : hasQdisc(kind);
}
