using System.Text.Json;
using LibreQoS.Config.Files;

namespace LibreQoS.Config.Json;

/// <summary>A JSON value that remembers the 1-based line it started on, so findings can name it.</summary>
public abstract record JsonNodeAt(int Line)
{
    public abstract string KindName { get; }
}

public sealed record JsonMember(string Name, int Line, JsonNodeAt Value);

public sealed record JsonObjectAt(int Line, IReadOnlyList<JsonMember> Properties) : JsonNodeAt(Line)
{
    public override string KindName => "an object";

    public JsonNodeAt? this[string name] => Properties.LastOrDefault(p => p.Name == name)?.Value;
}

public sealed record JsonArrayAt(int Line, IReadOnlyList<JsonNodeAt> Items) : JsonNodeAt(Line)
{
    public override string KindName => "an array";
}

public sealed record JsonStringAt(int Line, string Value) : JsonNodeAt(Line)
{
    public override string KindName => "a string";
}

public sealed record JsonNumberAt(int Line, double Value) : JsonNodeAt(Line)
{
    public override string KindName => "a number";
}

public sealed record JsonBooleanAt(int Line, bool Value) : JsonNodeAt(Line)
{
    public override string KindName => "a boolean";
}

public sealed record JsonNullAt(int Line) : JsonNodeAt(Line)
{
    public override string KindName => "null";
}

/// <summary>
/// Parses JSON into <see cref="JsonNodeAt"/> values. Comments and trailing commas are tolerated, since
/// operators edit these files by hand.
/// </summary>
public static class LocatedJson
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 512,
    };

    /// <exception cref="OperatorFileException">Not valid JSON; the message has the line and column.</exception>
    public static JsonNodeAt Parse(byte[] utf8, string path)
    {
        int start = utf8 is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        var lines = new LineIndex(utf8);
        var reader = new Utf8JsonReader(utf8.AsSpan(start), Options);
        try
        {
            if (!reader.Read())
                throw new OperatorFileException(path, 1, "the file is empty; write {} for a flat network");
            var root = ReadValue(ref reader, lines, start);
            if (reader.Read())
                throw new OperatorFileException(path, lines.LineOf(start + (int)reader.TokenStartIndex), "unexpected content after the end of the JSON value");
            return root;
        }
        catch (JsonException ex)
        {
            string reason = ex.Message;
            int cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0)
                reason = reason[..cut].TrimEnd('.', ' ');
            throw new OperatorFileException(path, (int)(ex.LineNumber ?? 0) + 1, $"invalid JSON: {reason}",
                (int)(ex.BytePositionInLine ?? 0) + 1);
        }
    }

    private static JsonNodeAt ReadValue(ref Utf8JsonReader reader, LineIndex lines, int offset)
    {
        int line = lines.LineOf(offset + (int)reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var properties = new List<JsonMember>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    int keyLine = lines.LineOf(offset + (int)reader.TokenStartIndex);
                    string name = reader.GetString()!;
                    reader.Read();
                    properties.Add(new JsonMember(name, keyLine, ReadValue(ref reader, lines, offset)));
                }
                return new JsonObjectAt(line, properties);
            case JsonTokenType.StartArray:
                var items = new List<JsonNodeAt>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    items.Add(ReadValue(ref reader, lines, offset));
                return new JsonArrayAt(line, items);
            case JsonTokenType.String:
                return new JsonStringAt(line, reader.GetString()!);
            case JsonTokenType.Number:
                return new JsonNumberAt(line, reader.GetDouble());
            case JsonTokenType.True:
            case JsonTokenType.False:
                return new JsonBooleanAt(line, reader.GetBoolean());
            default:
                return new JsonNullAt(line);
        }
    }

    private sealed class LineIndex
    {
        private readonly List<int> _lineStarts = [0];

        public LineIndex(byte[] utf8)
        {
            for (int i = utf8.AsSpan().IndexOf((byte)'\n'); i >= 0;)
            {
                _lineStarts.Add(i + 1);
                int next = utf8.AsSpan(i + 1).IndexOf((byte)'\n');
                i = next < 0 ? -1 : i + 1 + next;
            }
        }

        public int LineOf(int byteOffset)
        {
            int index = _lineStarts.BinarySearch(byteOffset);
            return index >= 0 ? index + 1 : ~index;
        }
    }
}
