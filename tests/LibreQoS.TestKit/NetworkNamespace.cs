using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace LibreQoS.TestKit;

/// <summary>
/// One network namespace created for a test (`ip netns add`), deleted with everything in it on Dispose.
/// Commands run inside with `ip netns exec`; in-process code runs inside on a thread that joined it with setns.
/// </summary>
public sealed partial class NetworkNamespace : IDisposable
{
    private const int CLONE_NEWNET = 0x40000000;
    private readonly List<Process> _background = [];

    private NetworkNamespace(string name)
    {
        Name = name;
    }

    public string Name { get; }

    /// <summary>Creates "lqos-t-&lt;unique&gt;-&lt;role&gt;" with its loopback up.</summary>
    public static NetworkNamespace Create(string role)
    {
        var ns = new NetworkNamespace($"lqos-t-{Guid.NewGuid().ToString("N")[..8]}-{role}");
        Check(ProcessRunner.Run("ip", ["netns", "add", ns.Name]), $"ip netns add {ns.Name}");
        ns.Ip("link", "set", "lo", "up");
        return ns;
    }

    /// <summary>`ip -n NAME args...`; throws with stderr on failure.</summary>
    public string Ip(params string[] args) => Check(ProcessRunner.Run("ip", ["-n", Name, .. args]), "ip " + string.Join(' ', args)).StandardOutput;

    /// <summary>`tc -n NAME args...`; throws with stderr on failure.</summary>
    public string Tc(params string[] args) => Check(ProcessRunner.Run("tc", ["-n", Name, .. args]), "tc " + string.Join(' ', args)).StandardOutput;

    /// <summary>Runs a program inside and waits for it.</summary>
    public ProcessResult Exec(TimeSpan timeout, params string[] command) =>
        ProcessRunner.Run("ip", ["netns", "exec", Name, .. command], timeout: timeout);

    /// <summary>Starts a program inside that is killed (if still running) when the namespace is disposed.</summary>
    public Process Start(params string[] command)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["netns", "exec", Name, .. command])
            info.ArgumentList.Add(argument);
        var process = Process.Start(info)!;
        _background.Add(process);
        return process;
    }

    /// <summary>Runs <paramref name="action"/> inside this namespace, on a thread of its own that ends with it.</summary>
    public T Run<T>(Func<T> action)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using (var handle = File.OpenHandle(Path.Combine("/run/netns", Name)))
                {
                    if (setns((int)handle.DangerousGetHandle(), CLONE_NEWNET) != 0)
                        throw new Win32Exception(Marshal.GetLastPInvokeError(), $"setns into {Name}");
                }
                result = action();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    public void Run(Action action) => Run(() =>
    {
        action();
        return 0;
    });

    public void Dispose()
    {
        foreach (var process in _background)
        {
            try
            {
                if (!process.HasExited)
                    process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // already reaped
            }
            process.Dispose();
        }
        // Deleting the namespace destroys its interfaces, veth peers in other namespaces included.
        ProcessRunner.Run("ip", ["netns", "del", Name]);
    }

    private static ProcessResult Check(ProcessResult result, string what) =>
        result.ExitCode == 0 ? result : throw new InvalidOperationException($"{what} failed ({result.ExitCode}): {result.StandardError.Trim()}");

    // TestKit has no unsafe code, so this blittable libc call uses DllImport rather than LibraryImport (which needs AllowUnsafeBlocks).
    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054
    private static extern int setns(int fd, int nstype);
#pragma warning restore SYSLIB1054
}
