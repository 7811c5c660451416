namespace LibreQoS.Shaping;

/// <summary>
/// A value this process saved to a file, kept in memory for as long as the file is the one it wrote (same path, write
/// time and length: a write time alone can repeat within the file system's clock tick); otherwise the file is read again.
/// </summary>
internal sealed class SavedFileCache<T> where T : class
{
    private (string Path, DateTime WrittenUtc, long Length, T Value)? _saved;

    /// <summary>The value in <paramref name="path"/>, or null when there is no such file.</summary>
    public T? Get(string path, Func<string, T?> read)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
            return null;
        return _saved is { } saved && saved.Path == path && file.LastWriteTimeUtc == saved.WrittenUtc && file.Length == saved.Length
            ? saved.Value
            : read(path);
    }

    public void Saved(string path, T value)
    {
        var file = new FileInfo(path);
        _saved = (path, file.LastWriteTimeUtc, file.Length, value);
    }
}
