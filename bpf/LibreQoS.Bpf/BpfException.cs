using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace LibreQoS.Bpf;

/// <summary>
/// A kernel or libbpf call failed. The message says what was being done, the errno's text and name, and
/// what an operator can check; <see cref="Errno"/> lets callers branch on the cause.
/// </summary>
public sealed class BpfException : Exception
{
    public BpfException(string operation, int errno, string? detail = null)
        : base(Compose(operation, errno, detail))
    {
        Operation = operation;
        Errno = errno;
    }

    public BpfException(string message) : base(message)
    {
        Operation = message;
    }

    public BpfException() : this("BPF operation failed")
    {
    }

    public BpfException(string message, Exception innerException) : base(message, innerException)
    {
        Operation = message;
    }

    /// <summary>What was being done, e.g. "Attaching XDP to eth1 in driver mode".</summary>
    public string Operation { get; }

    /// <summary>The positive errno, or 0 when the failure was not a system error.</summary>
    public int Errno { get; }

    public string ErrnoName => LibreQoS.Bpf.Errno.NameOf(Errno);

    /// <summary>Throws for a libbpf int result: negative means -errno.</summary>
    internal static int ThrowIfFailed(int result, string operation)
    {
        if (result < 0)
            Throw(operation, -result);
        return result;
    }

    /// <summary>Throws with errno from the last P/Invoke (for pointer-returning and libc calls).</summary>
    [DoesNotReturn]
    internal static void ThrowLastError(string operation) => Throw(operation, Marshal.GetLastPInvokeError());

    [DoesNotReturn]
    internal static void Throw(string operation, int errno) => throw new BpfException(operation, errno, LibBpfLog.RecentLines());

    private static string Compose(string operation, int errno, string? detail)
    {
        string message = $"{operation} failed: {LibreQoS.Bpf.Errno.Describe(errno)} ({LibreQoS.Bpf.Errno.NameOf(errno)}).";
        string? hint = HintFor(errno);
        if (hint is not null)
            message += " " + hint;
        if (!string.IsNullOrEmpty(detail))
            message += Environment.NewLine + "libbpf said:" + Environment.NewLine + detail;
        return message;
    }

    private static string? HintFor(int errno) => errno switch
    {
        LibreQoS.Bpf.Errno.EPERM => "Run lqosd as root, or with CAP_BPF, CAP_NET_ADMIN and CAP_SYS_RESOURCE.",
        LibreQoS.Bpf.Errno.ENODEV => "Check the interface names in /etc/lqos.conf against 'ip link'.",
        _ => null,
    };
}
