namespace LibreQoS.Shaping;

/// <summary>
/// A value this process saved to a file, kept in memory for as long as the file is the one it wrote (same path and
/// write time); otherwise the file is read again.
/// </summary>
internal sealed class SavedFileCache<T> where T : class
{
    private (string Path, DateTime WrittenUtc, T Value)? _saved;

    /// <summary>The value in <paramref name="path"/>, or null when there is no such file.</summary>
    public T? Get(string path, Func<string, T?> read)
    {
        if (!File.Exists(path))
            return null;
        return _saved is { } saved && saved.Path == path && File.GetLastWriteTimeUtc(path) == saved.WrittenUtc ? saved.Value : read(path);
    }

    public void Saved(string path, T value) => _saved = (path, File.GetLastWriteTimeUtc(path), value);
}
