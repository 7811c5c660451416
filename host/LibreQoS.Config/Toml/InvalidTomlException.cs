namespace LibreQoS.Config.Toml;

/// <summary>Text that is not valid TOML, with Tomlyn's first diagnostic: where and what.</summary>
public sealed class InvalidTomlException : Exception
{
    public InvalidTomlException(string reason, TomlPosition position, string? sourceName = null)
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
