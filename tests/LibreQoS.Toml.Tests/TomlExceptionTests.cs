namespace LibreQoS.Toml.Tests;

public class TomlExceptionTests
{
    [Fact]
    public void Message_WithSourceName_StartsWithFileLineAndColumn()
    {
        var error = new TomlException("expected '=' after key", new TomlPosition(3, 7), "/etc/lqos.conf");

        Assert.Equal("/etc/lqos.conf:3:7: expected '=' after key", error.Message);
    }

    [Fact]
    public void Message_WithoutSourceName_StartsWithLineAndColumn()
    {
        var error = new TomlException("expected '=' after key", new TomlPosition(3, 7));

        Assert.Equal("3:7: expected '=' after key", error.Message);
    }

    [Fact]
    public void Parse_WithSourceName_ExceptionCarriesIt()
    {
        var error = Assert.Throws<TomlException>(() => TomlParser.Parse("a = ?", "lqos.conf"));

        Assert.Equal("lqos.conf", error.SourceName);
    }

    [Fact]
    public void Parse_InvalidDocument_ReasonHasNoLocation()
    {
        var error = Assert.Throws<TomlException>(() => TomlParser.Parse("[bridge]\n[bridge]"));

        Assert.Equal("table [bridge] is defined twice (first at 1:1)", error.Reason);
        Assert.Equal("2:1: table [bridge] is defined twice (first at 1:1)", error.Message);
    }
}
