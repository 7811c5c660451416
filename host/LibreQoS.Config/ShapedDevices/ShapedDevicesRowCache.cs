using LibreQoS.Core.Devices;

namespace LibreQoS.Config.ShapedDevices;

/// <summary>
/// The rows of the last ShapedDevices.csv read, by line: a refresh after a one-circuit edit parses that line, not
/// 100k. Used only for files without quotes and with LF or CRLF line ends, where a CSV record is exactly one line;
/// rows that produced a warning or error are parsed again, so every run reports them.
/// </summary>
public sealed class ShapedDevicesRowCache
{
    private byte[] _text = [];
    private List<Range> _lines = [];
    private ShapedDeviceColumnMap? _map;
    private int _headerLine;
    private Dictionary<int, ShapedDevice> _clean = [];

    internal sealed class Previous(ShapedDevicesRowCache cache)
    {
        public ShapedDevicesRowCache Cache => cache;

        public ShapedDeviceColumnMap Map => cache._map!;

        public int HeaderLine => cache._headerLine;

        public IReadOnlyCollection<ShapedDevice> Devices => cache._clean.Values;

        public bool Unchanged(int line, ReadOnlySpan<byte> text) =>
            line <= cache._lines.Count && text.SequenceEqual(cache._text.AsSpan(cache._lines[line - 1]));

        /// <summary>The device read from this line last time, if the line is byte for byte the same and read cleanly.</summary>
        public ShapedDevice? Reusable(int line, ReadOnlySpan<byte> text) =>
            cache._clean.TryGetValue(line, out var device) && Unchanged(line, text) ? device : null;
    }

    /// <summary>What the last read left to reuse, or null when this file must be parsed whole.</summary>
    internal Previous? TryReuse(byte[] utf8) =>
        _map is not null && IsLineBased(utf8) ? new Previous(this) : null;

    internal void Remember(byte[] utf8, ShapedDeviceColumnMap map, int headerLine, Dictionary<int, ShapedDevice> clean)
    {
        if (!IsLineBased(utf8))
        {
            _map = null;
            return;
        }
        _text = utf8;
        _lines = [.. Lines(utf8)];
        _map = map;
        _headerLine = headerLine;
        _clean = clean;
    }

    internal void Forget() => _map = null;

    /// <summary>The lines of the text, without their '\n' (a CRLF line keeps its '\r', which the CSV reader trims).</summary>
    internal static IEnumerable<Range> Lines(byte[] utf8)
    {
        int start = 0;
        while (start < utf8.Length)
        {
            int end = Array.IndexOf(utf8, (byte)'\n', start);
            if (end < 0)
            {
                yield return start..utf8.Length;
                yield break;
            }
            yield return start..end;
            start = end + 1;
        }
    }

    private static bool IsLineBased(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IndexOf((byte)'"') >= 0)
            return false;
        for (int at = utf8.IndexOf((byte)'\r'); at >= 0; at = NextCr(utf8, at))
        {
            if (at + 1 >= utf8.Length || utf8[at + 1] != '\n')
                return false;
        }
        return true;
    }

    private static int NextCr(ReadOnlySpan<byte> utf8, int at)
    {
        int next = utf8[(at + 1)..].IndexOf((byte)'\r');
        return next < 0 ? -1 : at + 1 + next;
    }
}
