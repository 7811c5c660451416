using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.Toml;
using Tomlyn.Model;

namespace LibreQoS.Config.LqosConf;

/// <summary>
/// Typed, reporting access to one TOML table: every wrong type or missing required key becomes a diagnostic
/// naming the dotted key and its position, and keys nobody read are reported as unknown.
/// </summary>
internal sealed class TomlSection
{
    private readonly TomlSource _source;
    private readonly TomlTable _table;
    private readonly string _path;
    private readonly string _file;
    private readonly DiagnosticBag _diagnostics;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly List<TomlSection> _children = [];

    public TomlSection(TomlSource source, TomlTable table, string path, string file, DiagnosticBag diagnostics)
    {
        _source = source;
        _table = table;
        _path = path;
        _file = file;
        _diagnostics = diagnostics;
    }

    public string RequiredString(string key) => Require(key) ? String(key, "") : "";

    public string String(string key, string fallback) => OptionalString(key) ?? fallback;

    public string? OptionalString(string key) => GetReference<string>(key, "a string");

    public bool RequiredBool(string key) => Require(key) && Bool(key, false);

    public bool Bool(string key, bool fallback) => OptionalBool(key) ?? fallback;

    public bool? OptionalBool(string key) => Get<bool>(key, "true or false");

    public long RequiredInteger(string key, long min = 0, long max = uint.MaxValue) =>
        Require(key) ? Integer(key, 0, min, max) : 0;

    public long Integer(string key, long fallback, long min = 0, long max = uint.MaxValue) =>
        OptionalInteger(key, min, max) ?? fallback;

    public long? OptionalInteger(string key, long min = 0, long max = uint.MaxValue)
    {
        long? value = Get<long>(key, "an integer");
        if (value < min || value > max)
        {
            Error(PositionOfKey(key), key, $"{value} is out of range ({min} to {max})");
            return null;
        }
        return value;
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
            double f => f,
            long i => i,
            _ => WrongType<double?>(node, key, "a number"),
        };
    }

    public IReadOnlyList<string> RequiredStringArray(string key) => Require(key) ? StringArray(key, []) : [];

    public IReadOnlyList<string> StringArray(string key, IReadOnlyList<string> fallback) => OptionalStringArray(key) ?? fallback;

    public IReadOnlyList<string>? OptionalStringArray(string key)
    {
        var array = GetReference<TomlArray>(key, "an array of strings");
        if (array is null)
            return null;
        var result = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (item is string s)
                result.Add(s);
            else
                Error(PositionOfKey(key), key, $"expected an array of strings, found an element of type {TomlSource.TypeName(item)}");
        }
        return result;
    }

    /// <summary>Some upstream keys hold ids as strings or numbers (sonar model ids); both read as strings.</summary>
    public IReadOnlyList<string> ScalarArrayAsStrings(string key)
    {
        var array = GetReference<TomlArray>(key, "an array");
        if (array is null)
            return [];
        return array.Select(item => item switch
        {
            string s => s,
            long i => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => WrongType<string>(item, key, "strings or integers"),
        }).OfType<string>().ToList();
    }

    public TomlSection? OptionalTable(string key)
    {
        var table = GetReference<TomlTable>(key, "a table");
        if (table is null)
            return null;
        var child = new TomlSection(_source, table, Qualify(key), _file, _diagnostics);
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
        if (!TryTake(key, out var node))
            return [];
        // [[key]] headers give a TomlTableArray; key = [{ ... }] gives a TomlArray of inline tables.
        IReadOnlyList<object?>? items = node switch
        {
            TomlTableArray tables => tables.ToList<object?>(),
            TomlArray array => array.ToList(),
            _ => null,
        };
        if (items is null)
            return WrongType<IReadOnlyList<TomlSection>>(node, key, "an array of tables") ?? [];
        var sections = new List<TomlSection>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is TomlTable table)
            {
                var child = new TomlSection(_source, table, $"{Qualify(key)}[{i}]", _file, _diagnostics);
                _children.Add(child);
                sections.Add(child);
            }
            else
            {
                WrongType<object>(items[i], key, "an array of tables");
            }
        }
        return sections;
    }

    /// <summary>Warns about every key, here and in the tables read below, that the schema does not know.</summary>
    public void ReportUnknownKeys()
    {
        foreach (var key in _table.Keys.Where(k => !_read.Contains(k)))
        {
            var position = PositionOfKey(key);
            _diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, _file, position.Line, position.Column, Qualify(key),
                "unknown key, ignored (check the spelling)"));
        }
        foreach (var child in _children)
            child.ReportUnknownKeys();
    }

    public void Error(TomlPosition position, string key, string message) =>
        _diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, _file, position.Line, position.Column, Qualify(key), message));

    public TomlPosition PositionOfKey(string key) => _source.PositionOf(_table, key);

    /// <summary>Reports a missing required key (at its table's header); true when the key is present.</summary>
    private bool Require(string key)
    {
        _read.Add(key);
        if (_table.TryGetValue(key, out _))
            return true;
        var at = _source.PositionOf(_table);
        _diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, _file, at.Line, at.Column, Qualify(key),
            _path.Length == 0 ? "required key is missing" : $"required key is missing from [{_path}]"));
        return false;
    }

    private T? Get<T>(string key, string expected) where T : struct
    {
        if (!TryTake(key, out var node))
            return null;
        return node is T value ? value : WrongType<T?>(node, key, expected);
    }

    private T? GetReference<T>(string key, string expected) where T : class
    {
        if (!TryTake(key, out var node))
            return null;
        return node as T ?? WrongType<T>(node, key, expected);
    }

    private bool TryTake(string key, out object? node)
    {
        _read.Add(key);
        return _table.TryGetValue(key, out node);
    }

    private T? WrongType<T>(object? node, string key, string expected)
    {
        Error(PositionOfKey(key), key, $"expected {expected}, found {Article(TomlSource.TypeName(node))}");
        return default;
    }

    private static string Article(string typeName) => typeName.Length > 0 && "aeiou".Contains(typeName[0]) ? $"an {typeName}" : $"a {typeName}";

    private string Qualify(string key) => _path.Length == 0 ? key : $"{_path}.{key}";
}
