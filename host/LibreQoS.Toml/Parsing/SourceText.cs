namespace LibreQoS.Toml;

/// <summary>The text being parsed, with offset to line/column mapping.</summary>
internal sealed class SourceText
{
    private const char ByteOrderMark = '\uFEFF';
    private readonly List<int> _lineStarts;

    public SourceText(string text, string? name)
    {
        Text = text;
        Name = name;
        ContentStart = text.Length > 0 && text[0] == ByteOrderMark ? 1 : 0;
        _lineStarts = [ContentStart];
        for (var i = ContentStart; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public string Text { get; }

    public string? Name { get; }

    /// <summary>Offset of the first character after a UTF-8 byte order mark, if any.</summary>
    public int ContentStart { get; }

    public TomlPosition PositionOf(int offset)
    {
        var index = _lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return new TomlPosition(line + 1, offset - _lineStarts[line] + 1);
    }

    public TomlException Error(int offset, string reason) => new(reason, PositionOf(offset), Name);
}
