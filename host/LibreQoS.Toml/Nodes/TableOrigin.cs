namespace LibreQoS.Toml;

/// <summary>How a table came into existence; decides whether it may be extended later.</summary>
internal enum TableOrigin
{
    Root,

    /// <summary>Defined by a [header].</summary>
    Header,

    /// <summary>Created as a parent by a header such as [a.b.c]; may be defined by its own header once.</summary>
    Implicit,

    /// <summary>Created by dotted keys (a.b = 1); cannot be opened by a header.</summary>
    Dotted,

    /// <summary>Written as { ... }; complete once closed.</summary>
    Inline,

    /// <summary>An element of an array of tables, opened by [[header]].</summary>
    ArrayElement,
}
