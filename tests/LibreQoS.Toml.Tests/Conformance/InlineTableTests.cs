namespace LibreQoS.Toml.Tests.Conformance;

public class InlineTableTests
{
    [Fact]
    public void Parse_InlineTable_ReturnsKeysInOrder()
    {
        var table = TomlAssert.ValueOfA<TomlTable>("a = { first = \"Tom\", last = \"Preston-Werner\", age = 3 }");

        Assert.True(table.IsInline);
        Assert.Equal(["first", "last", "age"], table.Keys);
        Assert.Equal("Preston-Werner", TomlAssert.String(table["last"]));
    }

    [Theory]
    [InlineData("a = {}")]
    [InlineData("a = {   }")]
    public void Parse_EmptyInlineTable_HasNoKeys(string toml)
    {
        Assert.Empty(TomlAssert.ValueOfA<TomlTable>(toml));
    }

    [Fact]
    public void Parse_NestedInlineTables_BuildsNestedStructure()
    {
        var table = TomlAssert.ValueOfA<TomlTable>("a = {b={c={d=1}}}");

        Assert.Equal(1, TomlAssert.Integer(TomlAssert.Table(TomlAssert.Table(table["b"])["c"])["d"]));
    }

    [Fact]
    public void Parse_DottedKeysInsideInlineTable_BuildSubTables()
    {
        var table = TomlAssert.ValueOfA<TomlTable>("a = { type.name = \"pug\", type.age = 2 }");

        var type = TomlAssert.Table(table["type"]);
        Assert.Equal("pug", TomlAssert.String(type["name"]));
        Assert.Equal(2, TomlAssert.Integer(type["age"]));
    }

    [Fact]
    public void Parse_MultilineValueInsideInlineTable_IsAllowed()
    {
        var table = TomlAssert.ValueOfA<TomlTable>("a = { list = [\n  1,\n  2\n], text = \"\"\"x\ny\"\"\" }");

        Assert.Equal(2, TomlAssert.Array(table["list"]).Count);
        Assert.Equal("x\ny", TomlAssert.String(table["text"]));
    }

    [Theory]
    [InlineData("a = { x = 1, }", 1, 12, "trailing commas are not allowed")]
    [InlineData("a = { x = 1\n}", 1, 12, "newlines are not allowed in inline tables")]
    [InlineData("a = {\n x = 1 }", 1, 6, "newlines are not allowed in inline tables")]
    [InlineData("a = { x = 1, \n y = 2 }", 1, 14, "newlines are not allowed in inline tables")]
    [InlineData("a = { x = 1 # c\n}", 1, 13, "comments are not allowed in inline tables")]
    [InlineData("a = { x = 1 y = 2 }", 1, 13, "expected ',' or '}'")]
    [InlineData("a = { x = 1, x = 2 }", 1, 14, "duplicate key 'x' (first defined at 1:7)")]
    [InlineData("a = { x = 1 ", 1, 13, "unterminated inline table")]
    [InlineData("a = { , }", 1, 7, "expected a key")]
    [InlineData("a = { x }", 1, 9, "expected '=' after key")]
    [InlineData("a = { x = }", 1, 11, "expected a value")]
    [InlineData("a = { x = 1 }\na.y = 2", 2, 1, "cannot add keys to inline table 'a'")]
    [InlineData("a = { x = 1 }\n[a]", 2, 1, "already defined as an inline table")]
    [InlineData("a = { x = 1 }\n[a.b]", 2, 2, "cannot extend inline table 'a'")]
    [InlineData("a = { b = { c = 1 }, b.d = 2 }", 1, 22, "cannot add keys to inline table 'b'")]
    [InlineData("a = [{ x = 1 }]\n[[a]]", 2, 1, "cannot append to static array 'a'")]
    public void Parse_InvalidInlineTable_ThrowsAtOffendingCharacter(string toml, int line, int column, string reason)
    {
        TomlAssert.Fails(toml, line, column, reason);
    }
}
