namespace LibreQoS.Toml.Tests;

public class TomlParserTests
{
    [Theory]
    [InlineData("a = 'x'", "string")]
    [InlineData("a = 1", "integer")]
    [InlineData("a = 1.5", "float")]
    [InlineData("a = true", "boolean")]
    [InlineData("a = 1979-05-27", "datetime")]
    [InlineData("a = [1]", "array")]
    [InlineData("a = {}", "table")]
    public void Parse_Value_HasShortTypeName(string toml, string typeName)
    {
        Assert.Equal(typeName, TomlParser.Parse(toml)["a"]!.TypeName);
    }

    [Fact]
    public void Parse_Value_PositionIsWhereTheKeyStarts()
    {
        var root = TomlParser.Parse("x = 1\n\n    name = \"v\"");

        Assert.Equal(new TomlPosition(3, 5), root["name"]!.Position);
    }

    [Theory]
    [InlineData("a = \"text\" # comment", "\"text\"")]
    [InlineData("a = '''multi\nline''' # c", "'''multi\nline'''")]
    [InlineData("a = 1_000 ", "1_000")]
    [InlineData("a = 1979-05-27 07:32:00Z # c", "1979-05-27 07:32:00Z")]
    [InlineData("a = [ 1, [2] ] # c", "[ 1, [2] ]")]
    [InlineData("a={ b = 1 }", "{ b = 1 }")]
    public void Parse_Value_SpanCoversTheValueText(string toml, string valueText)
    {
        var span = TomlParser.Parse(toml)["a"]!.Span;

        Assert.Equal(valueText, toml.Substring(span.Start, span.Length));
    }

    [Fact]
    public void Parse_ArrayElement_PositionIsWhereTheElementStarts()
    {
        var array = TomlAssert.Array(TomlParser.Parse("a = [\n  1,\n  22,\n]")["a"]);

        Assert.Equal(new TomlPosition(3, 3), array[1].Position);
        Assert.Equal(new TomlSpan(13, 2), array[1].Span);
    }

    [Fact]
    public void Parse_Root_IsNotInline()
    {
        Assert.False(TomlParser.Parse("a = 1").IsInline);
    }

    [Fact]
    public void Indexer_MissingKey_ReturnsNull()
    {
        Assert.Null(TomlParser.Parse("a = 1")["b"]);
    }

    [Fact]
    public void TryGetValue_ExistingKey_ReturnsValue()
    {
        var found = TomlParser.Parse("a = 1").TryGetValue("a", out var value);

        Assert.True(found);
        Assert.Equal(1, TomlAssert.Integer(value));
    }

    [Fact]
    public void TryGetValue_MissingKey_ReturnsFalse()
    {
        Assert.False(TomlParser.Parse("a = 1").TryGetValue("A", out _));
    }

    [Fact]
    public void Enumerate_Table_YieldsPairsInOrder()
    {
        var pairs = TomlParser.Parse("b = 1\na = 2").ToList();

        Assert.Equal(["b", "a"], pairs.Select(pair => pair.Key));
        Assert.Equal([1L, 2L], pairs.Select(pair => TomlAssert.Integer(pair.Value)));
    }

    [Fact]
    public void Parse_NullText_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => TomlParser.Parse(null!));
    }
}
