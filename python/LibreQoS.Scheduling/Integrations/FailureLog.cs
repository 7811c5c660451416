using System.Text;

namespace LibreQoS.Scheduling.Integrations;

/// <summary>
/// A failed run's report: the first lines of its output as a preview for the scheduler status, and the whole
/// output in <c>lqos_scheduler__&lt;label&gt;_&lt;YYYYmmdd_HHMMSS&gt;.log</c> in the temp
/// folder (<c>TMPDIR</c>, else /tmp); upstream's scheduler.py uses a single underscore (docs/compat.md). Files are
/// never rotated or deleted, as upstream's.
/// </summary>
public sealed class FailureLog(TimeProvider time, string? directory = null)
{
    public const int PreviewLines = 30;
    public const int PreviewChars = 4000;
    public const string FilePrefix = "lqos_scheduler__";
    private const string CutMarker = "\n...";

    /// <summary>Where the files go: the folder given, else the temp folder (Path.GetTempPath honours TMPDIR).</summary>
    public string Directory => directory ?? Path.GetTempPath();

    /// <summary>The label as a file name part: lower case, every other character than a-z and 0-9 an underscore.</summary>
    public static string Token(string label)
    {
        var token = new StringBuilder(label.Length);
        foreach (char c in label.ToLowerInvariant())
            token.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        string trimmed = token.ToString().Trim('_');
        return trimmed.Length == 0 ? "integration" : trimmed;
    }

    /// <summary>The file a failure of <paramref name="label"/> now is written to (local time, as upstream's).</summary>
    public string PathFor(string label) =>
        Path.Combine(Directory, $"{FilePrefix}{Token(label)}_{time.GetLocalNow():yyyyMMdd_HHmmss}.log");

    /// <summary>
    /// The first <see cref="PreviewLines"/> lines of the output without its leading and trailing blank space, at most
    /// <see cref="PreviewChars"/> characters in all; when anything was cut, the preview ends with a line "...".
    /// </summary>
    public static string Preview(IReadOnlyList<string> lines)
    {
        string[] all = string.Join('\n', lines).Replace("\r\n", "\n", StringComparison.Ordinal).Trim().Split('\n');
        string preview = string.Join('\n', all.Take(PreviewLines));
        bool cut = all.Length > PreviewLines;
        if (!cut && preview.Length <= PreviewChars)
            return preview;
        int limit = PreviewChars - CutMarker.Length;
        if (preview.Length > limit)
            preview = preview[..(char.IsHighSurrogate(preview[limit - 1]) ? limit - 1 : limit)].TrimEnd();
        return preview + CutMarker;
    }

    /// <summary>Writes every line to a new file (mode 0640: the lqos group may read it) and returns its path.</summary>
    public string Write(string label, IReadOnlyList<string> lines)
    {
        string path = PathFor(label);
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead,
        };
        using var writer = new StreamWriter(path, new UTF8Encoding(false), options);
        foreach (string line in lines)
        {
            writer.Write(line);
            writer.Write('\n');
        }
        return path;
    }
}
