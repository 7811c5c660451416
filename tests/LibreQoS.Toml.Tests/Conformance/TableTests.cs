namespace LibreQoS.Toml.Tests.Conformance;

public class TableTests
{
    [Fact]
    public void Parse_EmptyTableHeader_DefinesEmptyTable()
    {
        var table = TomlAssert.Table(TomlParser.Parse("[table]")["table"]);

        Assert.Empty(table);
        Assert.False(table.IsInline);
    }

    [Fact]
    public void Parse_KeysAfterHeader_BelongToThatTable()
    {
        var root = TomlParser.Parse("x = 1\n[a]\nx = 2\n[b]\nx = 3\n");

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
        var root = TomlParser.Parse(toml);

        var c = TomlAssert.Table(TomlAssert.Table(TomlAssert.Table(root["a"])["b"])["c"]);
        Assert.Equal(1, TomlAssert.Integer(c["x"]));
    }

    [Fact]
    public void Parse_QuotedHeaderParts_AreSingleKeys()
    {
        var root = TomlParser.Parse("[dog.\"tater.man\".'x y']\ntype = \"pug\"");

        var dog = TomlAssert.Table(root["dog"]);
        Assert.Equal("pug", TomlAssert.String(TomlAssert.Table(TomlAssert.Table(dog["tater.man"])["x y"])["type"]));
    }

    [Fact]
    public void Parse_ImplicitTableDefinedLater_IsAllowedOnce()
    {
        var root = TomlParser.Parse("[a.b.c]\nanswer = 42\n\n[a]\nbetter = 43\n");

        var a = TomlAssert.Table(root["a"]);
        Assert.Equal(["b", "better"], a.Keys);
        Assert.Equal(new TomlPosition(4, 1), a.Position);
    }

    [Fact]
    public void Parse_SubTableOfDottedKeyTable_IsAllowed()
    {
        var root = TomlParser.Parse("[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n\n[fruit.apple.texture]\nsmooth = true\n");

        var apple = TomlAssert.Table(TomlAssert.Table(root["fruit"])["apple"]);
        Assert.Equal(["color", "taste", "texture"], apple.Keys);
        Assert.True(Assert.IsType<TomlBoolean>(TomlAssert.Table(apple["texture"])["smooth"]).Value);
    }

    [Fact]
    public void Parse_DottedKeysThroughImplicitTable_AddToIt()
    {
        var root = TomlParser.Parse("[a.b.c]\nz = 9\n[a]\nb.d = 1\n");

        Assert.Equal(["c", "d"], TomlAssert.Table(TomlAssert.Table(root["a"])["b"]).Keys);
    }

    [Fact]
    public void Parse_ArrayOfTables_CollectsOneTablePerHeader()
    {
        var root = TomlParser.Parse("[[products]]\nname = \"Hammer\"\nsku = 738594937\n\n[[products]]  # empty\n\n[[products]]\nname = \"Nail\"\n");

        var products = TomlAssert.Array(root["products"]);
        Assert.True(products.IsArrayOfTables);
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

        var fruits = TomlAssert.Array(TomlParser.Parse(toml)["fruits"]);

        var apple = TomlAssert.Table(fruits[0]);
        var banana = TomlAssert.Table(fruits[1]);
        Assert.Equal("red", TomlAssert.String(TomlAssert.Table(apple["physical"])["color"]));
        Assert.Equal(["red delicious", "granny smith"], TomlAssert.Array(apple["varieties"]).Select(v => TomlAssert.String(TomlAssert.Table(v)["name"])));
        Assert.Equal(["plantain"], TomlAssert.Array(banana["varieties"]).Select(v => TomlAssert.String(TomlAssert.Table(v)["name"])));
        Assert.Null(banana["physical"]);
    }

    [Fact]
    public void Parse_DottedKeysInArrayElements_StayInTheirElement()
    {
        var root = TomlParser.Parse("[[a]]\nb.c = 1\n[[a]]\nb.c = 2\n");

        Assert.Equal([1L, 2L], TomlAssert.Array(root["a"]).Select(e => TomlAssert.Integer(TomlAssert.Table(TomlAssert.Table(e)["b"])["c"])));
    }

    [Fact]
    public void Parse_HeaderBelowRootDottedKeyTable_IsAllowed()
    {
        var root = TomlParser.Parse("a.b = 1\n[a.c]\nx = 2\n");

        Assert.Equal(["b", "c"], TomlAssert.Table(root["a"]).Keys);
    }

    [Fact]
    public void Parse_ArrayOfTablesUnderImplicitTable_IsAllowed()
    {
        var root = TomlParser.Parse("[[a.b]]\nx = 1\n[a]\ny = 2\n");

        var a = TomlAssert.Table(root["a"]);
        Assert.True(TomlAssert.Array(a["b"]).IsArrayOfTables);
        Assert.Equal(2, TomlAssert.Integer(a["y"]));
    }

    [Fact]
    public void Parse_HeaderTable_PositionIsTheOpeningBracket()
    {
        var root = TomlParser.Parse("x = 1\n\n  [[servers]]\n  [servers.alpha]\n");

        var server = TomlAssert.Table(TomlAssert.Array(root["servers"])[0]);
        Assert.Equal(new TomlPosition(3, 3), server.Position);
        Assert.Equal(new TomlPosition(4, 3), server["alpha"]!.Position);
    }

    [Theory]
    [InlineData("[a]\n[a]", 2, 1, "table [a] is defined twice (first at 1:1)")]
    [InlineData("[a.b]\nx = 1\n[a]\n[a]", 4, 1, "table [a] is defined twice (first at 3:1)")]
    [InlineData("[a]\nb = 1\n[a.b]", 3, 1, "key 'b' already holds an integer")]
    [InlineData("[fruit]\napple.color = \"red\"\n[fruit.apple]", 3, 1, "dotted keys")]
    [InlineData("[fruit]\napple.taste.sweet = true\n[fruit.apple.taste]", 3, 1, "dotted keys")]
    [InlineData("a.b = 1\n[a]", 2, 1, "dotted keys")]
    [InlineData("[a.b.c]\nz = 9\n[a]\nb.c.t = 1", 4, 3, "defined by a header")]
    [InlineData("[a.b.c.d]\nz = 9\n[a]\nb.c.d.k.t = 1", 4, 5, "defined by a header")]
    [InlineData("[[a]]\n[a]", 2, 1, "already an array of tables")]
    [InlineData("[a]\n[[a]]", 2, 1, "is already a table")]
    [InlineData("[[albums.songs]]\n[[albums]]", 2, 1, "is already a table")]
    [InlineData("a = [1]\n[[a]]", 2, 1, "cannot append to static array 'a'")]
    [InlineData("a = []\n[a.b]", 2, 2, "cannot extend static array 'a'")]
    [InlineData("a = 1\n[a.b]", 2, 2, "key 'a' already holds an integer")]
    [InlineData("a = 1\n[a]", 2, 1, "key 'a' already holds an integer")]
    [InlineData("a = 'x'\n[[a]]", 2, 1, "key 'a' already holds a string")]
    [InlineData("[[a.b]]\n[a]\nb.y = 2", 3, 1, "array of tables 'b'")]
    [InlineData("[a]\nx = 1\nx = 2", 3, 1, "duplicate key 'x' (first defined at 2:1)")]
    [InlineData("[a]\nb.c = 1\n[a.b.c]", 3, 1, "key 'c' already holds an integer")]
    [InlineData("[]", 1, 2, "expected a key")]
    [InlineData("[a", 1, 3, "expected ']' to close the table header")]
    [InlineData("[a b]", 1, 4, "expected ']' to close the table header")]
    [InlineData("[a.]", 1, 4, "expected a key")]
    [InlineData("[a..b]", 1, 4, "expected a key")]
    [InlineData("[.a]", 1, 2, "expected a key")]
    [InlineData("[a]]", 1, 4, "unexpected ']' after the table header")]
    [InlineData("[a] b = 1", 1, 5, "unexpected 'b' after the table header")]
    [InlineData("[[a]", 1, 5, "expected ']]'")]
    [InlineData("[[a] ]", 1, 5, "expected ']]'")]
    [InlineData("[ [a]]", 1, 3, "expected a key but found '['")]
    [InlineData("[\"\"\"a\"\"\"]", 1, 2, "multi-line strings cannot be used as keys")]
    [InlineData("[a]\n[\"a\"]", 2, 1, "defined twice")]
    public void Parse_InvalidTable_ThrowsAtOffendingCharacter(string toml, int line, int column, string reason)
    {
        TomlAssert.Fails(toml, line, column, reason);
    }
}
