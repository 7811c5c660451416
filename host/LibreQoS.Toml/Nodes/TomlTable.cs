using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace LibreQoS.Toml;

/// <summary>A TOML table; keys keep the order in which they were defined.</summary>
public sealed class TomlTable : TomlNode, IEnumerable<KeyValuePair<string, TomlNode>>
{
    private readonly OrderedDictionary<string, TomlNode> _entries = new(StringComparer.Ordinal);

    internal TomlTable(TableOrigin origin) => Origin = origin;

    public override string TypeName => "table";

    public int Count => _entries.Count;

    public IEnumerable<string> Keys => _entries.Keys;

    public bool IsInline => Origin == TableOrigin.Inline;

    /// <summary>The value of <paramref name="key"/>, or null when the key is missing.</summary>
    public TomlNode? this[string key] => _entries.TryGetValue(key, out var value) ? value : null;

    internal TableOrigin Origin { get; set; }

    // End of the header or of the last key/value written directly in this table's section:
    // the editor inserts new keys on the line after it. Null for a root without key/values.
    internal int? InsertionAnchor { get; set; }

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TomlNode value) => _entries.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, TomlNode>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void Add(string key, TomlNode value) => _entries.Add(key, value);
}
