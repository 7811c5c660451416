namespace LibreQoS.Toml;

/// <summary>Invalid TOML, reported at the offending character.</summary>
public sealed class TomlException : Exception
{
    public TomlException(string reason, TomlPosition position, string? sourceName = null)
        : base(sourceName is null ? $"{position}: {reason}" : $"{sourceName}:{position}: {reason}")
    {
        Reason = reason;
        Position = position;
        SourceName = sourceName;
    }

    /// <summary>The file name given to the parser, if any. (Exception.Source is taken.)</summary>
    public string? SourceName { get; }

    public TomlPosition Position { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }
}
