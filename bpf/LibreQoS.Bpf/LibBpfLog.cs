using System.Runtime.CompilerServices;
using LibreQoS.Bpf.Native;

namespace LibreQoS.Bpf;

/// <summary>
/// Receives libbpf's messages (its print callback) so that they end up in <see cref="BpfException"/> messages
/// instead of on lqosd's stderr. libbpf calls back synchronously on the thread that made the call, so lines are
/// kept per thread, and only inside a <see cref="Capture"/> scope: a failure reports what libbpf said while that
/// thread was doing it, and nothing older.
/// </summary>
internal static unsafe class LibBpfLog
{
    private const int KeptLines = 40;

    [ThreadStatic] private static Queue<string>? _lines;
    [ThreadStatic] private static int _depth;

    static LibBpfLog()
    {
        LibBpf.libbpf_set_print(&LibBpfTrampolines.Print);
    }

    /// <summary>Keeps what libbpf says on this thread until the scope ends; wrap every libbpf call that may print.</summary>
    public static Scope Capture()
    {
        RuntimeHelpers.RunClassConstructor(typeof(LibBpfLog).TypeHandle);
        if (_depth++ == 0)
            _lines?.Clear();
        return default;
    }

    /// <summary>The lines libbpf printed on this thread in the current scope, then forgets them.</summary>
    public static string? RecentLines()
    {
        if (_lines is not { Count: > 0 } lines)
            return null;
        string text = string.Join(Environment.NewLine, lines);
        lines.Clear();
        return text;
    }

    /// <summary>Called by <see cref="LibBpfTrampolines.Print"/> on the thread libbpf is working for.</summary>
    internal static void Record(int level, string text)
    {
        if (level == LibBpf.LIBBPF_DEBUG || _depth == 0)
            return;
        var lines = _lines ??= new Queue<string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (lines.Count > 0 && lines.Last() == line)
                continue; // libbpf repeats the kernel's message on every retry
            if (lines.Count == KeptLines)
                lines.Dequeue();
            lines.Enqueue(line);
        }
    }

    public readonly struct Scope : IDisposable
    {
        public void Dispose()
        {
            if (--_depth == 0)
                _lines?.Clear();
        }
    }
}
