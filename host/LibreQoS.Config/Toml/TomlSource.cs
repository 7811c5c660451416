using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Serialization;
using Tomlyn.Syntax;

namespace LibreQoS.Config.Toml;

/// <summary>
/// A TOML text read with Tomlyn: its model (<see cref="Root"/>, whose values are string, long, double, bool,
/// TomlDateTime, TomlArray, TomlTable or TomlTableArray) and where each key and table header was written, so that
/// what the config reader finds wrong can name a line and column.
/// </summary>
public sealed class TomlSource
{
    private static readonly TomlPosition DocumentStart = new(1, 1);
    private readonly TomlMetadataStore _metadata;
    private readonly Dictionary<TomlTable, TomlPosition> _headers;

    private TomlSource(TomlTable root, TomlMetadataStore metadata, Dictionary<TomlTable, TomlPosition> headers)
    {
        Root = root;
        _metadata = metadata;
        _headers = headers;
    }

    public TomlTable Root { get; }

    /// <exception cref="InvalidTomlException">The text is not valid TOML; the first problem Tomlyn found.</exception>
    public static TomlSource Parse(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Only the syntax parser validates the document as a whole (keys and tables defined twice); the model reader
        // keeps the last definition.
        var syntax = ParseSyntax(text, sourceName);
        var metadata = new TomlMetadataStore();
        TomlTable root;
        try
        {
            var context = new TomlModelContext(new TomlSerializerOptions { MetadataStore = metadata, SourceName = sourceName });
            root = TomlSerializer.Deserialize(text, context.TomlTable)!;
        }
        catch (TomlException ex)
        {
            throw FromTomlyn(ex, sourceName);
        }
        return new TomlSource(root, metadata, HeaderPositions(syntax, root));
    }

    /// <summary>Tomlyn's syntax tree of a valid document.</summary>
    /// <exception cref="InvalidTomlException">The text is not valid TOML; the first problem Tomlyn found.</exception>
    internal static DocumentSyntax ParseSyntax(string text, string? sourceName)
    {
        DocumentSyntax syntax;
        try
        {
            syntax = SyntaxParser.Parse(text, sourceName, validate: true);
        }
        catch (TomlException ex)
        {
            throw FromTomlyn(ex, sourceName);
        }
        catch (ArgumentException)
        {
            // Tomlyn 2.10's lexer throws instead of reporting some malformed escapes (a backslash at the end of the text).
            throw new InvalidTomlException("a string has an escape sequence that cannot be read", new TomlPosition(0, 0), sourceName);
        }
        // The lexer's findings are listed after the parser's, so the first problem in the file is the earliest one.
        var first = syntax.Diagnostics.Where(d => d.Kind == DiagnosticMessageKind.Error)
            .MinBy(d => (d.Span.Start.Line, d.Span.Start.Column));
        if (first is not null)
            throw new InvalidTomlException(first.Message, PositionOf(first.Span.Start), sourceName);
        return syntax;
    }

    /// <summary>Where <paramref name="key"/> of <paramref name="table"/> was written: a table's header, else the key.</summary>
    public TomlPosition PositionOf(TomlTable table, string key)
    {
        if (table.TryGetValue(key, out var value) && value is TomlTable child && _headers.TryGetValue(child, out var header))
            return header;
        return _metadata.TryGetProperties(table, out var properties) && properties!.TryGetProperty(key, out var property)
            ? PositionOf(property.Span.Start)
            : PositionOf(table);
    }

    /// <summary>Where the table's header is; the document's start for the root and for tables without a header.</summary>
    public TomlPosition PositionOf(TomlTable table) => _headers.GetValueOrDefault(table, DocumentStart);

    /// <summary>The TOML type of a model value, as operators read it in messages ("expected a string, found an integer").</summary>
    public static string TypeName(object? value) => value switch
    {
        string => "string",
        long => "integer",
        double => "float",
        bool => "boolean",
        TomlDateTime => "datetime",
        TomlTable => "table",
        TomlArray or TomlTableArray => "array",
        _ => "value",
    };

    private static InvalidTomlException FromTomlyn(TomlException ex, string? sourceName) =>
        new(ex.Diagnostics is { Count: > 0 } d ? d[0].Message : ex.Message, new TomlPosition(ex.Line ?? 0, ex.Column ?? 0), sourceName);

    private static TomlPosition PositionOf(TextPosition position) => new(position.Line + 1, position.Column + 1);

    /// <summary>Maps each table written with a [header] or [[header]] in the model to that header's position.</summary>
    private static Dictionary<TomlTable, TomlPosition> HeaderPositions(DocumentSyntax syntax, TomlTable root)
    {
        var headers = new Dictionary<TomlTable, TomlPosition>(ReferenceEqualityComparer.Instance);
        var elementsSeen = new Dictionary<TomlTableArray, int>(ReferenceEqualityComparer.Instance);
        foreach (var header in syntax.Tables)
        {
            var names = TomlOutline.KeyNames(header.Name!);
            object? current = root;
            for (int i = 0; i < names.Length && current is not null; i++)
            {
                var table = current as TomlTable ?? CurrentElement(current, elementsSeen);
                current = table is not null && table.TryGetValue(names[i], out var next) ? next : null;
            }
            if (header is TableArraySyntax && current is TomlTableArray array)
            {
                int index = elementsSeen[array] = elementsSeen.GetValueOrDefault(array) + 1;
                current = array[index - 1];
            }
            if (current is TomlTable defined)
                headers[defined] = PositionOf(header.OpenBracket!.Span.Start);
        }
        return headers;
    }

    // A header below [[a]] (such as [a.b]) belongs to the element of a defined most recently, not to its last one.
    private static TomlTable? CurrentElement(object? value, Dictionary<TomlTableArray, int> elementsSeen) =>
        value is TomlTableArray array && elementsSeen.GetValueOrDefault(array) is > 0 and var seen ? array[seen - 1] : null;
}
