using LibreQoS.Config.Toml;
using Tomlyn.Model;

namespace LibreQoS.Config.Tests.Toml.Conformance;

public class KeyTests
{
    [Theory]
    [InlineData("key = 1", "key")]
    [InlineData("bare_key = 1", "bare_key")]
    [InlineData("bare-key = 1", "bare-key")]
    [InlineData("1234 = 1", "1234")]
    [InlineData("-_- = 1", "-_-")]
    [InlineData("\"127.0.0.1\" = 1", "127.0.0.1")]
    [InlineData("\"character encoding\" = 1", "character encoding")]
    [InlineData("\"ʎǝʞ\" = 1", "ʎǝʞ")]
    [InlineData("'key2' = 1", "key2")]
    [InlineData("'quoted \"value\"' = 1", "quoted \"value\"")]
    [InlineData("\"a\\u0041\\t\" = 1", "aA\t")]
    [InlineData("\"\" = 1", "")]
    [InlineData("'' = 1", "")]
    [InlineData("key=1", "key")]
    [InlineData("\tkey\t=\t1", "key")]
    public void Parse_SingleKey_ReturnsKeyName(string toml, string expectedKey)
    {
        var root = TomlAssert.Parse(toml);

        Assert.Equal([expectedKey], root.Keys);
        Assert.Equal(1, TomlAssert.Integer(root[expectedKey]));
    }

    [Theory]
    [InlineData("physical.color = 'orange'")]
    [InlineData("physical . color = 'orange'")]
    [InlineData("physical\t.\t\"color\" = 'orange'")]
    [InlineData("'physical'.'color' = 'orange'")]
    public void Parse_DottedKey_CreatesNestedTable(string toml)
    {
        var physical = TomlAssert.Table(TomlAssert.Parse(toml)["physical"]);

        Assert.Equal(ObjectKind.Table, physical.Kind);
        Assert.Equal("orange", TomlAssert.String(physical["color"]));
    }

    [Fact]
    public void Parse_QuotedDotInDottedKey_IsPartOfTheName()
    {
        var site = TomlAssert.Table(TomlAssert.Parse("site.\"google.com\" = true")["site"]);

        Assert.Equal(["google.com"], site.Keys);
    }

    [Fact]
    public void Parse_FloatLookingKey_IsTwoKeys()
    {
        var three = TomlAssert.Table(TomlAssert.Parse("3.14159 = \"pi\"")["3"]);

        Assert.Equal("pi", TomlAssert.String(three["14159"]));
    }

    [Fact]
    public void Parse_DottedKeysSharingAPrefix_ExtendTheSameTable()
    {
        var root = TomlAssert.Parse("fruit.apple.color = 'red'\nfruit.apple.smooth = true\nfruit.orange = 2\n");

        var fruit = TomlAssert.Table(root["fruit"]);
        Assert.Equal(["apple", "orange"], fruit.Keys);
        Assert.Equal(["color", "smooth"], TomlAssert.Table(fruit["apple"]).Keys);
    }

    [Fact]
    public void Parse_Keys_KeepDefinitionOrder()
    {
        Assert.Equal(["zeta", "alpha", "mid"], TomlAssert.Parse("zeta = 1\nalpha = 2\nmid = 3").Keys);
    }

    [Fact]
    public void Parse_DottedKeyValue_PositionIsItsLastKeyPart()
    {
        var source = TomlSource.Parse("\n  a . b = 1");

        Assert.Equal(new TomlPosition(2, 7), source.PositionOf(TomlAssert.Table(source.Root["a"]), "b"));
    }

    [Theory]
    [InlineData("= 1", 1, 1, "Unexpected token [=] found")]
    [InlineData("a b = 1", 1, 3, "Expecting `=` after a key instead of b")]
    [InlineData("a", 1, 2, "Expecting `=` after a key instead of <eof>")]
    [InlineData("a\n= 1", 1, 2, "Expecting `=` after a key instead of ␤")]
    [InlineData("a = 1\na = 2", 2, 1, "The key `a` is already defined at (1,1) with `a = 1` and cannot be redefined")]
    [InlineData("a = 1\n\"a\" = 2", 2, 1, "The key `a` is already defined at (1,1) with `a = 1` and cannot be redefined")]
    [InlineData("a = 1\n'a' = 2", 2, 1, "The key `a` is already defined at (1,1) with `a = 1` and cannot be redefined")]
    [InlineData("a.b = 1\na.b = 2", 2, 1, "The key `a.b` is already defined at (1,1) with `a.b = 1` and cannot be redefined")]
    [InlineData("a = 1\na.b = 2", 2, 1, "The key `a` is already defined at (1,1) with `a = 1` and cannot be redefined")]
    [InlineData("a.b = 1\na = 2", 2, 1, "The key `a` is already defined at (1,1) with `a.b ` and cannot be redefined")]
    [InlineData("a.b.c = 1\na.b = 2", 2, 1, "The key `a.b` is already defined at (1,1) with `a.b.c ` and cannot be redefined")]
    [InlineData("a. = 1", 1, 4, "Unexpected token `=` for a base key")]
    [InlineData(".a = 1", 1, 1, "Unexpected token [.] found")]
    [InlineData("a..b = 1", 1, 3, "Unexpected token `.` for a base key")]
    [InlineData("a$ = 1", 1, 2, "Expecting `=` after a key instead of $")]
    [InlineData("a# = 1", 1, 7, "Expecting `=` after a key instead of <eof>")]
    [InlineData("ʎǝʞ = 1", 1, 1, "Unexpected token [ʎ] found")]
    [InlineData("\"\"\"a\"\"\" = 1", 1, 3, "Expecting `=` after a key instead of \"a\"")]
    [InlineData("'''a''' = 1", 1, 3, "Expecting `=` after a key instead of 'a'")]
    [InlineData("\"a = 1", 1, 6, "Invalid End-Of-File found on string literal")]
    [InlineData("\"a\nb\" = 1", 1, 3, "Invalid newline in a string")]
    [InlineData("a =", 1, 4, "Unexpected token `<eof>` for a value")]
    [InlineData("a = \nb = 1", 1, 5, "Unexpected token end-of-line found while expecting a value")]
    [InlineData("a = # comment", 1, 14, "Unexpected token `<eof>` for a value")]
    [InlineData("a = 1 b = 2", 1, 7, "Unexpected token found `b` while expecting token `newline`")]
    [InlineData("a == 1", 1, 4, "Unexpected token `=` for a value")]
    public void Parse_InvalidKey_ThrowsAtOffendingCharacter(string toml, int line, int column, string reason)
    {
        TomlAssert.Fails(toml, line, column, reason);
    }
}
