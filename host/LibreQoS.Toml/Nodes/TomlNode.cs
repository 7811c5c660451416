namespace LibreQoS.Toml;

/// <summary>A value of a parsed TOML document.</summary>
public abstract class TomlNode
{
    private protected TomlNode()
    {
    }

    /// <summary>Where the key that defined this value starts; for a [table] or [[array]] header, the header's '['.
    /// Array elements have no key and report where they start.</summary>
    public TomlPosition Position { get; internal set; }

    /// <summary>The source text of the value; for a table opened by a header, the header.</summary>
    public TomlSpan Span { get; internal set; }

    /// <summary>Short type name for messages: "string", "integer", "float", "boolean", "datetime", "array", "table".</summary>
    public abstract string TypeName { get; }

    /// <summary>The type name with "a" or "an", for messages.</summary>
    internal string TypeNameWithArticle => (TypeName[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an " : "a ") + TypeName;

    // Offset of the key or header that defined the node: the editor removes lines starting from here.
    internal int DefinitionOffset { get; set; }
}
