using System.Text;

namespace LibreQoS.Config.Files;

/// <summary>Reading and writing the operator's files safely.</summary>
public static class OperatorFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Decodes UTF-8 (with or without BOM) or UTF-16 with a BOM, as spreadsheet exports produce.
    /// </summary>
    /// <exception cref="OperatorFileException">The bytes are not valid text; the message names the line.</exception>
    public static string DecodeText(string path, byte[] bytes)
    {
        if (bytes is [0xFF, 0xFE, ..])
            return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        if (bytes is [0xFE, 0xFF, ..])
            return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);

        int start = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        try
        {
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException ex)
        {
            int offset = start + Math.Max(0, ex.Index);
            int line = 1 + bytes.AsSpan(0, Math.Min(offset, bytes.Length)).Count((byte)'\n');
            throw new OperatorFileException(path, line,
                "the file is not valid UTF-8; save it as UTF-8 (or UTF-16 with a byte-order mark)");
        }
    }

    public static string ReadText(string path) => DecodeText(path, ReadBytes(path));

    /// <summary>The file as UTF-8 bytes (without BOM), transcoded from UTF-16 when it has a UTF-16 BOM.</summary>
    /// <exception cref="OperatorFileException">The file cannot be read or is not valid text.</exception>
    public static byte[] ReadUtf8(string path)
    {
        byte[] bytes = ReadBytes(path);
        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
            return Encoding.UTF8.GetBytes(DecodeText(path, bytes));
        int start = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        if (!System.Text.Unicode.Utf8.IsValid(bytes.AsSpan(start)))
            DecodeText(path, bytes);
        return start == 0 ? bytes : bytes[start..];
    }

    private static byte[] ReadBytes(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OperatorFileException(path, 0, $"cannot read the file: {ex.Message}");
        }
        return bytes;
    }

    /// <summary>
    /// Writes to a temporary file in the same directory, then renames it over the target, so a reader
    /// never sees a half-written file and a failed write leaves the old one in place.
    /// </summary>
    /// <param name="durable">
    /// Also flush to disk before the rename, so the new contents survive a power cut. Operator files (lqos.conf)
    /// want this; files regenerated on every refresh do not need to pay for an fsync each.
    /// </param>
    public static void WriteAtomically(string path, string contents, bool durable = true) =>
        WriteAtomically(path, new UTF8Encoding(false).GetBytes(contents), durable);

    /// <inheritdoc cref="WriteAtomically(string, string, bool)"/>
    public static void WriteAtomically(string path, byte[] contents, bool durable = true)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: durable);
            }
            if (File.Exists(path))
                File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
