using System.Collections;

namespace LibreQoS.Toml;

/// <summary>A TOML array, either written as [ ... ] or built from [[header]] elements (then every element is a <see cref="TomlTable"/>).</summary>
public sealed class TomlArray : TomlNode, IReadOnlyList<TomlNode>
{
    private readonly List<TomlNode> _items = [];

    internal TomlArray(bool isArrayOfTables) => IsArrayOfTables = isArrayOfTables;

    /// <summary>True for an array built from [[header]] sections; false for a static [ ... ] array.</summary>
    public bool IsArrayOfTables { get; }

    public override string TypeName => "array";

    public int Count => _items.Count;

    public TomlNode this[int index] => _items[index];

    public IEnumerator<TomlNode> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void Add(TomlNode item) => _items.Add(item);
}
