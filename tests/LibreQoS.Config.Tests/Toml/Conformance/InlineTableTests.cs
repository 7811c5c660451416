using LibreQoS.Config.Toml;
using Tomlyn.Model;

namespace LibreQoS.Config.Tests.Toml.Conformance;

public class InlineTableTests
{
    [Fact]
    public void Parse_InlineTable_ReturnsKeysInOrder()
    {
        var table = TomlAssert.ValueOfA<TomlTable>("a = { first = \"Tom\", last = \"Preston-Werner\", age = 3 }");

        Assert.Equal(ObjectKind.InlineTable, table.Kind);
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
    [InlineData("a = { x = 1 y = 2 }", 1, 13, "Unexpected token `Invalid` while parsing inline table. Expecting a bare key or string instead of `y`")]
    [InlineData("a = { x = 1, x = 2 }", 1, 14, "The key `a.x` is already defined at (1,7) with `x = 1` and cannot be redefined")]
    [InlineData("a = { x = 1 ", 1, 13, "Unexpected token `Eof` while parsing inline table. Expecting a bare key or string instead of `<eof>`")]
    [InlineData("a = { , }", 1, 7, "Unexpected token `Comma` while parsing inline table. Expecting a bare key or string instead of `,`")]
    [InlineData("a = { x }", 1, 9, "Expecting `=` after a key instead of }")]
    [InlineData("a = { x = }", 1, 11, "Unexpected token `}` for a value")]
    [InlineData("a = { x = 1 }\na.y = 2", 2, 1, "The key `a` is already defined at (1,1) with `a = { x = 1 }` and cannot be redefined")]
    [InlineData("a = { x = 1 }\n[a]", 2, 1, "The key `a` is already defined at (1,1) with `a = { x = 1 }` and cannot be redefined")]
    [InlineData("a = { x = 1 }\n[a.b]", 2, 2, "The key `a` is already defined at (1,1) with `a = { x = 1 }` and cannot be redefined")]
    [InlineData("a = { b = { c = 1 }, b.d = 2 }", 1, 22, "The key `a.b` is already defined at (1,7) with `b = { c = 1 }` and cannot be redefined")]
    [InlineData("a = [{ x = 1 }]\n[[a]]", 2, 1, "The key `a` is already defined at (1,1) with `a = [{ x = 1 }]` and cannot be redefined")]
    public void Parse_InvalidInlineTable_ThrowsAtOffendingCharacter(string toml, int line, int column, string reason)
    {
        TomlAssert.Fails(toml, line, column, reason);
    }
}
