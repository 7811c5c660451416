using LibreQoS.Config.Toml;
using Tomlyn.Model;

namespace LibreQoS.Config.Tests.Toml.Conformance;

public class TableTests
{
    [Fact]
    public void Parse_EmptyTableHeader_DefinesEmptyTable()
    {
        var table = TomlAssert.Table(TomlAssert.Parse("[table]")["table"]);

        Assert.Empty(table);
        Assert.Equal(ObjectKind.Table, table.Kind);
    }

    [Fact]
    public void Parse_KeysAfterHeader_BelongToThatTable()
    {
        var root = TomlAssert.Parse("x = 1\n[a]\nx = 2\n[b]\nx = 3\n");

        Assert.Equal(["x", "a", "b"], root.Keys);
        Assert.Equal(1, TomlAssert.Integer(root["x"]));
        Assert.Equal(2, TomlAssert.Integer(TomlAssert.Table(root["a"])["x"]));
        Assert.Equal(3, TomlAssert.Integer(TomlAssert.Table(root["b"])["x"]));
    }

    [Theory]
    [InlineData("[a.b.c]\nx = 1")]
    [InlineData("[ a . b . c ]\nx = 1")]
    [InlineData("[\ta\t.\t'b'\t.\t\"c\"\t]\nx = 1")]
    [InlineData("[a.b.c]\nx = 1\n[a]\n[a.b]")]
    public void Parse_NestedHeader_CreatesParentTables(string toml)
    {
        var root = TomlAssert.Parse(toml);

        var c = TomlAssert.Table(TomlAssert.Table(TomlAssert.Table(root["a"])["b"])["c"]);
        Assert.Equal(1, TomlAssert.Integer(c["x"]));
    }

    [Fact]
    public void Parse_QuotedHeaderParts_AreSingleKeys()
    {
        var root = TomlAssert.Parse("[dog.\"tater.man\".'x y']\ntype = \"pug\"");

        var dog = TomlAssert.Table(root["dog"]);
        Assert.Equal("pug", TomlAssert.String(TomlAssert.Table(TomlAssert.Table(dog["tater.man"])["x y"])["type"]));
    }

    [Fact]
    public void Parse_ImplicitTableDefinedLater_IsAllowedOnce()
    {
        var source = TomlSource.Parse("[a.b.c]\nanswer = 42\n\n[a]\nbetter = 43\n");

        var a = TomlAssert.Table(source.Root["a"]);
        Assert.Equal(["b", "better"], a.Keys);
        Assert.Equal(new TomlPosition(4, 1), source.PositionOf(a));
    }

    [Fact]
    public void Parse_SubTableOfDottedKeyTable_IsAllowed()
    {
        var root = TomlAssert.Parse("[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n\n[fruit.apple.texture]\nsmooth = true\n");

        var apple = TomlAssert.Table(TomlAssert.Table(root["fruit"])["apple"]);
        Assert.Equal(["color", "taste", "texture"], apple.Keys);
        Assert.True(Assert.IsType<bool>(TomlAssert.Table(apple["texture"])["smooth"]));
    }

    [Fact]
    public void Parse_DottedKeysThroughImplicitTable_AddToIt()
    {
        var root = TomlAssert.Parse("[a.b.c]\nz = 9\n[a]\nb.d = 1\n");

        Assert.Equal(["c", "d"], TomlAssert.Table(TomlAssert.Table(root["a"])["b"]).Keys);
    }

    [Fact]
    public void Parse_ArrayOfTables_CollectsOneTablePerHeader()
    {
        var root = TomlAssert.Parse("[[products]]\nname = \"Hammer\"\nsku = 738594937\n\n[[products]]  # empty\n\n[[products]]\nname = \"Nail\"\n");

        var products = TomlAssert.TableArray(root["products"]);
        Assert.Equal(3, products.Count);
        Assert.Equal("Hammer", TomlAssert.String(TomlAssert.Table(products[0])["name"]));
        Assert.Empty(TomlAssert.Table(products[1]));
        Assert.Equal("Nail", TomlAssert.String(TomlAssert.Table(products[2])["name"]));
    }

    [Fact]
    public void Parse_SubTablesOfArrayElements_BelongToTheLastElement()
    {
        const string toml = """
            [[fruits]]
            name = "apple"

            [fruits.physical]
            color = "red"

            [[fruits.varieties]]
            name = "red delicious"

            [[fruits.varieties]]
            name = "granny smith"

            [[fruits]]
            name = "banana"

            [[fruits.varieties]]
            name = "plantain"
            """;

        var fruits = TomlAssert.TableArray(TomlAssert.Parse(toml)["fruits"]);

        var apple = fruits[0];
        var banana = fruits[1];
        Assert.Equal("red", TomlAssert.String(TomlAssert.Table(apple["physical"])["color"]));
        Assert.Equal(["red delicious", "granny smith"], TomlAssert.TableArray(apple["varieties"]).Select(v => TomlAssert.String(v["name"])));
        Assert.Equal(["plantain"], TomlAssert.TableArray(banana["varieties"]).Select(v => TomlAssert.String(v["name"])));
        Assert.False(banana.ContainsKey("physical"));
    }

    [Fact]
    public void Parse_DottedKeysInArrayElements_StayInTheirElement()
    {
        var root = TomlAssert.Parse("[[a]]\nb.c = 1\n[[a]]\nb.c = 2\n");

        Assert.Equal([1L, 2L], TomlAssert.TableArray(root["a"]).Select(e => TomlAssert.Integer(TomlAssert.Table(e["b"])["c"])));
    }

    [Fact]
    public void Parse_HeaderBelowRootDottedKeyTable_IsAllowed()
    {
        var root = TomlAssert.Parse("a.b = 1\n[a.c]\nx = 2\n");

        Assert.Equal(["b", "c"], TomlAssert.Table(root["a"]).Keys);
    }

    [Fact]
    public void Parse_ArrayOfTablesUnderImplicitTable_IsAllowed()
    {
        var root = TomlAssert.Parse("[[a.b]]\nx = 1\n[a]\ny = 2\n");

        var a = TomlAssert.Table(root["a"]);
        TomlAssert.TableArray(a["b"]);
        Assert.Equal(2, TomlAssert.Integer(a["y"]));
    }

    [Fact]
    public void Parse_HeaderTable_PositionIsTheOpeningBracket()
    {
        var source = TomlSource.Parse("x = 1\n\n  [[servers]]\n  [servers.alpha]\n");

        var server = TomlAssert.TableArray(source.Root["servers"])[0];
        Assert.Equal(new TomlPosition(3, 3), source.PositionOf(server));
        Assert.Equal(new TomlPosition(4, 3), source.PositionOf(server, "alpha"));
    }

    [Theory]
    [InlineData("[a]\n[a]", 2, 1, "The key `a` is already defined at (1,1) with `[a]` and cannot be redefined")]
    [InlineData("[a.b]\nx = 1\n[a]\n[a]", 4, 1, "The key `a` is already defined at (3,1) with `[a]` and cannot be redefined")]
    [InlineData("[a]\nb = 1\n[a.b]", 3, 1, "The key `a.b` is already defined at (2,1) with `b = 1` and cannot be redefined")]
    [InlineData("[fruit]\napple.color = \"red\"\n[fruit.apple]", 3, 1, "The key `fruit.apple` is already defined at (2,1) with `apple.color ` and cannot be redefined")]
    [InlineData("[fruit]\napple.taste.sweet = true\n[fruit.apple.taste]", 3, 1, "The key `fruit.apple.taste` is already defined at (2,1) with `apple.taste.sweet ` and cannot be redefined")]
    [InlineData("a.b = 1\n[a]", 2, 1, "The key `a` is already defined at (1,1) with `a.b ` and cannot be redefined")]
    [InlineData("[a.b.c]\nz = 9\n[a]\nb.c.t = 1", 4, 1, "The key `a.b.c` is already defined at (1,1) with `[a.b.c]␤z = 9` and cannot be redefined")]
    [InlineData("[a.b.c.d]\nz = 9\n[a]\nb.c.d.k.t = 1", 4, 1, "The key `a.b.c.d` is already defined at (1,1) with `[a.b.c.d]␤z = 9` and cannot be redefined")]
    [InlineData("[[a]]\n[a]", 2, 1, "The key `a` is already defined at (1,1) with `[[a]]` and cannot be redefined")]
    [InlineData("[a]\n[[a]]", 2, 1, "The key `a` is already defined at (1,1) with `[a]` and cannot be redefined")]
    [InlineData("[[albums.songs]]\n[[albums]]", 2, 1, "The key `albums` is already defined at (1,3) with `albums.songs` and cannot be redefined")]
    [InlineData("a = [1]\n[[a]]", 2, 1, "The key `a` is already defined at (1,1) with `a = [1]` and cannot be redefined")]
    [InlineData("a = []\n[a.b]", 2, 2, "The key `a` is already defined at (1,1) with `a = []` and cannot be redefined")]
    [InlineData("a = 1\n[a.b]", 2, 2, "The key `a` is already defined at (1,1) with `a = 1` and cannot be redefined")]
    [InlineData("a = 1\n[a]", 2, 1, "The key `a` is already defined at (1,1) with `a = 1` and cannot be redefined")]
    [InlineData("a = 'x'\n[[a]]", 2, 1, "The key `a` is already defined at (1,1) with `a = 'x'` and cannot be redefined")]
    [InlineData("[[a.b]]\n[a]\nb.y = 2", 3, 1, "The key `a.b` is already defined at (1,1) with `[[a.b]]` and cannot be redefined")]
    [InlineData("[a]\nx = 1\nx = 2", 3, 1, "The key `a.x` is already defined at (2,1) with `x = 1` and cannot be redefined")]
    [InlineData("[a]\nb.c = 1\n[a.b.c]", 3, 1, "The key `a.b.c` is already defined at (2,1) with `b.c = 1` and cannot be redefined")]
    [InlineData("[]", 1, 2, "Unexpected token `]` for a base key")]
    [InlineData("[a", 1, 3, "Unexpected token found `<eof>` (token: `eof`) while expecting `]` (token: `closebracket`)")]
    [InlineData("[a b]", 1, 4, "Unexpected token found `b` (token: `basickey`) while expecting `]` (token: `closebracket`)")]
    [InlineData("[a.]", 1, 4, "Unexpected token `]` for a base key")]
    [InlineData("[a..b]", 1, 4, "Unexpected token `.` for a base key")]
    [InlineData("[.a]", 1, 2, "Unexpected token `.` for a base key")]
    [InlineData("[a]]", 1, 3, "Unexpected token found `]]` (token: `closebracketdouble`) while expecting `]` (token: `closebracket`)")]
    [InlineData("[a] b = 1", 1, 5, "Unexpected token found `b` (token: `basickey`) while expecting token `newline`")]
    [InlineData("[[a]", 1, 4, "Unexpected token found `]` (token: `closebracket`) while expecting `]]` (token: `closebracketdouble`)")]
    [InlineData("[[a] ]", 1, 4, "Unexpected token found `]` (token: `closebracket`) while expecting `]]` (token: `closebracketdouble`)")]
    [InlineData("[ [a]]", 1, 3, "Unexpected token `[` for a base key")]
    [InlineData("[\"\"\"a\"\"\"]", 1, 4, "Unexpected token found `\"a\"` (token: `string`) while expecting `]` (token: `closebracket`)")]
    [InlineData("[a]\n[\"a\"]", 2, 1, "The key `a` is already defined at (1,1) with `[a]` and cannot be redefined")]
    public void Parse_InvalidTable_ThrowsAtOffendingCharacter(string toml, int line, int column, string reason)
    {
        TomlAssert.Fails(toml, line, column, reason);
    }
}
