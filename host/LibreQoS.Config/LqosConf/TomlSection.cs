using LibreQoS.Config.Diagnostics;
using LibreQoS.Toml;

namespace LibreQoS.Config.LqosConf;

/// <summary>
/// Typed, reporting access to one TOML table: every wrong type or missing required key becomes a diagnostic
/// naming the dotted key and its position, and keys nobody read are reported as unknown.
/// </summary>
internal sealed class TomlSection
{
    private readonly TomlTable _table;
    private readonly string _path;
    private readonly string _file;
    private readonly DiagnosticBag _diagnostics;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly List<TomlSection> _children = [];

    public TomlSection(TomlTable table, string path, string file, DiagnosticBag diagnostics)
    {
        _table = table;
        _path = path;
        _file = file;
        _diagnostics = diagnostics;
    }

    public string RequiredString(string key) => Require(key) ? String(key, "") : "";

    public string String(string key, string fallback) => OptionalString(key) ?? fallback;

    public string? OptionalString(string key) => Get<TomlString>(key, "a string")?.Value;

    public bool RequiredBool(string key) => Require(key) && Bool(key, false);

    public bool Bool(string key, bool fallback) => OptionalBool(key) ?? fallback;

    public bool? OptionalBool(string key) => Get<TomlBoolean>(key, "true or false")?.Value;

    public long RequiredInteger(string key, long min = 0, long max = uint.MaxValue) =>
        Require(key) ? Integer(key, 0, min, max) : 0;

    public long Integer(string key, long fallback, long min = 0, long max = uint.MaxValue) =>
        OptionalInteger(key, min, max) ?? fallback;

    public long? OptionalInteger(string key, long min = 0, long max = uint.MaxValue)
    {
        var node = Get<TomlInteger>(key, "an integer");
        if (node is null)
            return null;
        if (node.Value < min || node.Value > max)
        {
            Error(node.Position, key, $"{node.Value} is out of range ({min} to {max})");
            return null;
        }
        return node.Value;
    }

    public double RequiredFloat(string key) => Require(key) ? Float(key, 0) : 0;

    public double Float(string key, double fallback) => OptionalFloat(key) ?? fallback;

    /// <summary>Integers are accepted where a float is expected (<c>rate = 1000</c>).</summary>
    public double? OptionalFloat(string key)
    {
        if (!TryTake(key, out var node))
            return null;
        return node switch
        {
            TomlFloat f => f.Value,
            TomlInteger i => i.Value,
            _ => WrongType<double?>(node, key, "a number"),
        };
    }

    public IReadOnlyList<string> RequiredStringArray(string key) => Require(key) ? StringArray(key, []) : [];

    public IReadOnlyList<string> StringArray(string key, IReadOnlyList<string> fallback) => OptionalStringArray(key) ?? fallback;

    public IReadOnlyList<string>? OptionalStringArray(string key)
    {
        var array = Get<TomlArray>(key, "an array of strings");
        if (array is null)
            return null;
        var result = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (item is TomlString s)
                result.Add(s.Value);
            else
                Error(PositionOf(item, array), key, $"expected an array of strings, found an element of type {item.TypeName}");
        }
        return result;
    }

    /// <summary>Some upstream keys hold ids as strings or numbers (sonar model ids); both read as strings.</summary>
    public IReadOnlyList<string> ScalarArrayAsStrings(string key)
    {
        var array = Get<TomlArray>(key, "an array");
        if (array is null)
            return [];
        return array.Select(item => item switch
        {
            TomlString s => s.Value,
            TomlInteger i => i.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => WrongType<string>(item, key, "strings or integers"),
        }).OfType<string>().ToList();
    }

    public TomlSection? OptionalTable(string key)
    {
        var table = Get<TomlTable>(key, "a table");
        if (table is null)
            return null;
        var child = new TomlSection(table, Qualify(key), _file, _diagnostics);
        _children.Add(child);
        return child;
    }

    public TomlSection? RequiredTable(string key)
    {
        var table = OptionalTable(key);
        if (table is null && !_table.TryGetValue(key, out _))
            _diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, _file, 0, 0, Qualify(key), $"the required section [{Qualify(key)}] is missing"));
        return table;
    }

    public IReadOnlyList<TomlSection> TableArray(string key)
    {
        var array = Get<TomlArray>(key, "an array of tables");
        if (array is null)
            return [];
        var sections = new List<TomlSection>(array.Count);
        for (int i = 0; i < array.Count; i++)
        {
            if (array[i] is TomlTable table)
            {
                var child = new TomlSection(table, $"{Qualify(key)}[{i}]", _file, _diagnostics);
                _children.Add(child);
                sections.Add(child);
            }
            else
            {
                WrongType<object>(array[i], key, "an array of tables");
            }
        }
        return sections;
    }

    /// <summary>Warns about every key, here and in the tables read below, that the schema does not know.</summary>
    public void ReportUnknownKeys()
    {
        foreach (var key in _table.Keys.Where(k => !_read.Contains(k)))
        {
            var position = _table[key]!.Position;
            _diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, _file, position.Line, position.Column, Qualify(key),
                "unknown key, ignored (check the spelling)"));
        }
        foreach (var child in _children)
            child.ReportUnknownKeys();
    }

    public void Error(TomlPosition position, string key, string message) =>
        _diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, _file, position.Line, position.Column, Qualify(key), message));

    public TomlPosition PositionOfKey(string key) => _table[key]?.Position ?? _table.Position;

    /// <summary>Reports a missing required key (at its table's header); true when the key is present.</summary>
    private bool Require(string key)
    {
        _read.Add(key);
        if (_table.TryGetValue(key, out _))
            return true;
        var at = _table.Position;
        _diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, _file, at.Line, at.Column, Qualify(key),
            _path.Length == 0 ? "required key is missing" : $"required key is missing from [{_path}]"));
        return false;
    }

    private T? Get<T>(string key, string expected) where T : TomlNode
    {
        if (!TryTake(key, out var node))
            return null;
        return node as T ?? WrongType<T>(node, key, expected);
    }

    private bool TryTake(string key, out TomlNode node)
    {
        _read.Add(key);
        return _table.TryGetValue(key, out node!);
    }

    private T? WrongType<T>(TomlNode node, string key, string expected)
    {
        Error(node.Position, key, $"expected {expected}, found {Article(node.TypeName)}");
        return default;
    }

    private static string Article(string typeName) => typeName.Length > 0 && "aeiou".Contains(typeName[0]) ? $"an {typeName}" : $"a {typeName}";

    private static TomlPosition PositionOf(TomlNode item, TomlArray array) => item.Position.Line > 0 ? item.Position : array.Position;

    private string Qualify(string key) => _path.Length == 0 ? key : $"{_path}.{key}";
}
