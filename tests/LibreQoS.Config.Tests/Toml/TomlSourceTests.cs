using LibreQoS.Config.Toml;

namespace LibreQoS.Config.Tests.Toml;

public class TomlSourceTests
{
    [Theory]
    [InlineData("a = 'x'", "string")]
    [InlineData("a = 1", "integer")]
    [InlineData("a = 1.5", "float")]
    [InlineData("a = true", "boolean")]
    [InlineData("a = 1979-05-27", "datetime")]
    [InlineData("a = [1]", "array")]
    [InlineData("a = {}", "table")]
    [InlineData("[[a]]", "array")]
    public void TypeName_OfEachValue_IsTheShortTomlName(string toml, string typeName)
    {
        Assert.Equal(typeName, TomlSource.TypeName(TomlAssert.Parse(toml)["a"]));
    }

    [Fact]
    public void PositionOf_Value_IsWhereTheKeyStarts()
    {
        var source = TomlSource.Parse("x = 1\n\n    name = \"v\"");

        Assert.Equal(new TomlPosition(3, 5), source.PositionOf(source.Root, "name"));
    }

    [Fact]
    public void PositionOf_Root_IsTheDocumentStart()
    {
        var source = TomlSource.Parse("\n\na = 1");

        Assert.Equal(new TomlPosition(1, 1), source.PositionOf(source.Root));
    }

    [Fact]
    public void PositionOf_EachArrayOfTablesElement_IsItsOwnHeader()
    {
        var source = TomlSource.Parse("[[jobs]]\nname = 'a'\n\n [[jobs]]\nname = 'b'\n");

        var jobs = TomlAssert.TableArray(source.Root["jobs"]);
        Assert.Equal([new TomlPosition(1, 1), new TomlPosition(4, 2)], jobs.Select(source.PositionOf));
    }

    [Fact]
    public void PositionOf_MissingKey_IsItsTable()
    {
        var source = TomlSource.Parse("a = 1\n[t]\nb = 2");

        Assert.Equal(new TomlPosition(2, 1), source.PositionOf(TomlAssert.Table(source.Root["t"]), "missing"));
    }

    [Fact]
    public void TryGetValue_MissingKey_ReturnsFalse()
    {
        Assert.False(TomlAssert.Parse("a = 1").TryGetValue("A", out _));
    }

    [Fact]
    public void Enumerate_Table_YieldsPairsInOrder()
    {
        var pairs = TomlAssert.Parse("b = 1\na = 2").ToList();

        Assert.Equal(["b", "a"], pairs.Select(pair => pair.Key));
        Assert.Equal([1L, 2L], pairs.Select(pair => TomlAssert.Integer(pair.Value)));
    }

    [Fact]
    public void Parse_NullText_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => TomlSource.Parse(null!));
    }
}
