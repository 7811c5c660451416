namespace LibreQoS.Toml;

/// <summary>Reads TOML 1.0.0 documents.</summary>
public static class TomlParser
{
    /// <summary>Parses <paramref name="text"/>; throws <see cref="TomlException"/> on the first error.</summary>
    public static TomlTable Parse(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new DocumentParser(text, sourceName).Parse();
    }
}
