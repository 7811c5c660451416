using LibreQoS.Config.Toml;

namespace LibreQoS.Config.Tests.Toml;

public class TomlDocumentTests
{
    private const string Config = """
        # LibreQoS configuration
        version = "1.5"

        [bridge]
        use_xdp_bridge = true
        to_internet = "eth0" # faces the core router
        to_network = "eth1"

        # Queue settings follow.
        [queues]
        default_sqm = "cake diffserv4"
        sudo = false

        """;

    [Theory]
    [InlineData(SampleConfig.LqosConf)]
    [InlineData(Config)]
    [InlineData("")]
    [InlineData("a = 1")]
    [InlineData("\uFEFF# bom\r\na = 1\r\n\r\n[t]  \r\nb = 'x'   # c\r\n")]
    public void ToString_UneditedDocument_ReturnsInputExactly(string text)
    {
        Assert.Equal(text, TomlDocument.Parse(text).ToString());
    }

    [Fact]
    public void Set_ExistingValue_ReplacesOnlyTheValueText()
    {
        var document = TomlDocument.Parse(Config);

        document.Set("bridge.to_internet", "enp1s0f1");

        Assert.Equal(Config.Replace("\"eth0\" # faces", "\"enp1s0f1\" # faces", StringComparison.Ordinal), document.ToString());
    }

    [Fact]
    public void Set_ExistingValue_ReadsBackAsTheNewValue()
    {
        var document = TomlDocument.Parse(Config);

        document.Set("queues.sudo", true);

        Assert.True(Assert.IsType<bool>(TomlAssert.Table(TomlAssert.Parse(document.ToString())["queues"])["sudo"]));
    }

    [Fact]
    public void Set_ExistingValueWithDifferentType_ReplacesIt()
    {
        var document = TomlDocument.Parse("[tuning]\ndisable_offload = [ \"gso\",\n  \"tso\" ] # keep\nrx_usecs = 0\n");

        document.Set("tuning.disable_offload", new[] { "lro" });

        Assert.Equal("[tuning]\ndisable_offload = [\"lro\"] # keep\nrx_usecs = 0\n", document.ToString());
    }

    [Fact]
    public void Set_ExistingInlineTableValue_ReplacesTheWholeValue()
    {
        var document = TomlDocument.Parse("limits = { down = 1 } # c\n");

        document.Set("limits", 5);

        Assert.Equal("limits = 5 # c\n", document.ToString());
    }

    [Fact]
    public void Set_MissingKeyInExistingSection_InsertsAfterItsLastKeyValue()
    {
        var document = TomlDocument.Parse(Config);

        document.Set("bridge.vlan", 7);

        Assert.Equal(Config.Replace("to_network = \"eth1\"\n", "to_network = \"eth1\"\nvlan = 7\n", StringComparison.Ordinal), document.ToString());
    }

    [Fact]
    public void Set_MissingKeyInLastSection_InsertsBeforeTrailingBlankLines()
    {
        var document = TomlDocument.Parse("[a]\nx = 1 # note\n\n\n# end\n");

        document.Set("a.y", "z");

        Assert.Equal("[a]\nx = 1 # note\ny = \"z\"\n\n\n# end\n", document.ToString());
    }

    [Fact]
    public void Set_MissingKeyInEmptySection_InsertsAfterHeader()
    {
        var document = TomlDocument.Parse("[a] # empty\n\n[b]\n");

        document.Set("a.x", 1.5);

        Assert.Equal("[a] # empty\nx = 1.5\n\n[b]\n", document.ToString());
    }

    [Fact]
    public void Set_MissingRootKey_InsertsAfterLastRootKeyValue()
    {
        var document = TomlDocument.Parse(Config);

        document.Set("node_name", "Tower 1");

        Assert.Equal(Config.Replace("version = \"1.5\"\n", "version = \"1.5\"\nnode_name = \"Tower 1\"\n", StringComparison.Ordinal), document.ToString());
    }

    [Fact]
    public void Set_MissingRootKeyWithoutRootKeyValues_InsertsAtTop()
    {
        var document = TomlDocument.Parse("[a]\nx = 1\n");

        document.Set("version", "1.5");

        Assert.Equal("version = \"1.5\"\n[a]\nx = 1\n", document.ToString());
    }

    [Fact]
    public void Set_MissingTable_AppendsSectionAtEnd()
    {
        var document = TomlDocument.Parse(Config);

        document.Set("influxdb.url", "http://localhost:8086");

        Assert.Equal(Config + "\n[influxdb]\nurl = \"http://localhost:8086\"\n", document.ToString());
    }

    [Fact]
    public void Set_MissingNestedTable_AppendsDottedHeader()
    {
        var document = TomlDocument.Parse("a = 1");

        document.Set("flows.netflow.port", 2055);

        Assert.Equal("a = 1\n\n[flows.netflow]\nport = 2055\n", document.ToString());
    }

    [Fact]
    public void Set_MissingTableInEmptyDocument_WritesOnlyTheSection()
    {
        var document = TomlDocument.Parse(string.Empty);

        document.Set("bridge.to_internet", "eth0");

        Assert.Equal("[bridge]\nto_internet = \"eth0\"\n", document.ToString());
    }

    [Fact]
    public void Set_KeyOfImplicitTable_AppendsItsHeader()
    {
        var document = TomlDocument.Parse("[a.b]\nx = 1\n");

        document.Set("a.y", 2);

        Assert.Equal("[a.b]\nx = 1\n\n[a]\ny = 2\n", document.ToString());
        Assert.Equal(2, TomlAssert.Integer(TomlAssert.Table(TomlAssert.Parse(document.ToString())["a"])["y"]));
    }

    [Fact]
    public void Set_MissingKeyOfDottedKeyTable_InsertsDottedKeyIntoSection()
    {
        var document = TomlDocument.Parse("[fruit]\napple.color = \"red\"\n\n[other]\n");

        document.Set("fruit.apple.taste", "sweet");

        Assert.Equal("[fruit]\napple.color = \"red\"\napple.taste = \"sweet\"\n\n[other]\n", document.ToString());
    }

    [Fact]
    public void Set_KeyNeedingQuotes_WritesQuotedKey()
    {
        var document = TomlDocument.Parse("[hosts]\n");

        document.Set("hosts.my host", true);

        Assert.Equal("[hosts]\n\"my host\" = true\n", document.ToString());
    }

    [Fact]
    public void Set_Null_RemovesTheWholeLine()
    {
        var document = TomlDocument.Parse(Config);

        document.Set("bridge.to_internet", null);

        Assert.Equal(Config.Replace("to_internet = \"eth0\" # faces the core router\n", string.Empty, StringComparison.Ordinal), document.ToString());
        Assert.False(TomlAssert.Table(TomlAssert.Parse(document.ToString())["bridge"]).ContainsKey("to_internet"));
    }

    [Fact]
    public void Set_NullOnMultilineValue_RemovesAllItsLines()
    {
        var document = TomlDocument.Parse("a = 1\n  list = [\n  1,\n  2,\n] # c\nb = 2");

        document.Set("list", null);

        Assert.Equal("a = 1\nb = 2", document.ToString());
    }

    [Fact]
    public void Set_NullOnLastLineWithoutNewline_RemovesIt()
    {
        var document = TomlDocument.Parse("a = 1\nb = 2");

        document.Set("b", null);

        Assert.Equal("a = 1\n", document.ToString());
    }

    [Fact]
    public void Set_NullOnMissingKey_LeavesTextUnchanged()
    {
        var document = TomlDocument.Parse(Config);

        document.Set("bridge.nothing", null);
        document.Set("nowhere.nothing", null);

        Assert.Equal(Config, document.ToString());
    }

    [Fact]
    public void Set_OnCrlfDocument_KeepsCrlfLineEndings()
    {
        var crlf = Config.Replace("\n", "\r\n", StringComparison.Ordinal);
        var document = TomlDocument.Parse(crlf);

        document.Set("bridge.to_internet", "eth9");
        document.Set("bridge.vlan", 7);
        document.Set("queues.sudo", null);
        document.Set("influxdb.org", "isp");

        var expected = Config
            .Replace("\"eth0\"", "\"eth9\"", StringComparison.Ordinal)
            .Replace("to_network = \"eth1\"\n", "to_network = \"eth1\"\nvlan = 7\n", StringComparison.Ordinal)
            .Replace("sudo = false\n", string.Empty, StringComparison.Ordinal)
            + "\n[influxdb]\norg = \"isp\"\n";
        Assert.Equal(expected.Replace("\n", "\r\n", StringComparison.Ordinal), document.ToString());
    }

    [Fact]
    public void Set_OnDocumentWithByteOrderMark_KeepsIt()
    {
        var document = TomlDocument.Parse("\uFEFFa = 1\n");

        document.Set("a", null);
        document.Set("b", 2);

        Assert.Equal("\uFEFFb = 2\n", document.ToString());
    }

    [Fact]
    public void Set_ManyEdits_KeepsUntouchedLinesAndComments()
    {
        var document = TomlDocument.Parse(SampleConfig.LqosConf);

        document.Set("queues.default_sqm", "fq_codel");
        document.Set("queues.override_available_queues", 12);
        document.Set("uisp_integration.airmax_capacity", 0.7);
        document.Set("ip_ranges.allow_subnets", new[] { "10.0.0.0/8" });

        var text = document.ToString();
        Assert.Contains("#override_available_queues = 12 # This can be omitted and be 0 for Python\nuse_binpacking = false\noverride_available_queues = 12\n", text, StringComparison.Ordinal);
        Assert.Contains("default_sqm = \"fq_codel\"\n", text, StringComparison.Ordinal);
        Assert.Contains("allow_subnets = [\"10.0.0.0/8\"]\n", text, StringComparison.Ordinal);
        Assert.Contains("# faces the core router", text, StringComparison.Ordinal);
        Assert.Equal(0.7, Assert.IsType<double>(TomlAssert.Table(TomlAssert.Parse(document.ToString())["uisp_integration"])["airmax_capacity"]));
    }

    [Fact]
    public void Set_KeyInsideInlineTable_ThrowsNotSupported()
    {
        var document = TomlDocument.Parse("limits = { down = 1 }\n");

        var error = Assert.Throws<NotSupportedException>(() => document.Set("limits.down", 2));

        Assert.Contains("inline table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_KeyInsideArrayOfTables_ThrowsNotSupported()
    {
        var document = TomlDocument.Parse(SampleConfig.LqosConf);

        var error = Assert.Throws<NotSupportedException>(() => document.Set("shaping_exceptions.reason", "x"));

        Assert.Contains("array of tables", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_PathToATable_ThrowsNotSupported()
    {
        var document = TomlDocument.Parse(Config);

        Assert.Throws<NotSupportedException>(() => document.Set("bridge", null));
    }

    [Fact]
    public void Set_PathThroughAValue_ThrowsInvalidOperation()
    {
        var document = TomlDocument.Parse(Config);

        var error = Assert.Throws<InvalidOperationException>(() => document.Set("version.major", 1));

        Assert.Equal("'version' is a string, not a table", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData(".a")]
    public void Set_InvalidPath_ThrowsArgumentException(string path)
    {
        var document = TomlDocument.Parse(Config);

        Assert.ThrowsAny<ArgumentException>(() => document.Set(path, 1));
    }

    [Fact]
    public void Set_UnsupportedValueType_LeavesDocumentUnchanged()
    {
        var document = TomlDocument.Parse(Config);

        Assert.Throws<ArgumentException>(() => document.Set("bridge.to_internet", new object()));
        Assert.Equal(Config, document.ToString());
    }

    [Fact]
    public void Parse_InvalidDocument_ThrowsInvalidTomlExceptionWithSourceName()
    {
        var error = Assert.Throws<InvalidTomlException>(() => TomlDocument.Parse("a = ", "/etc/lqos.conf"));

        Assert.Equal("/etc/lqos.conf", error.SourceName);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("quote \" backslash \\ tab \t newline \n control \u0001 del \u007F unicode é 😀")]
    public void Set_String_ReadsBackAsTheSameString(string value)
    {
        var document = TomlDocument.Parse("a = 1\n");

        document.Set("a", value);

        Assert.Equal(value, TomlAssert.ValueOfA<string>(document.ToString()));
    }

    [Theory]
    [InlineData(0.1 + 0.2)]
    [InlineData(0.65)]
    [InlineData(1.0)]
    [InlineData(double.MaxValue)]
    [InlineData(-2.5e-300)]
    [InlineData(double.PositiveInfinity)]
    public void Set_Double_ReadsBackAsTheSameDouble(double value)
    {
        var document = TomlDocument.Parse("a = 1\n");

        document.Set("a", value);

        Assert.Equal(value, TomlAssert.ValueOfA<double>(document.ToString()));
    }

    [Fact]
    public void Set_AfterAnEmoji_ReplacesTheRightCharacters()
    {
        var document = TomlDocument.Parse("name = \"😀 tower\" # 😀\nx = 1 # one\n");

        document.Set("x", 2);

        Assert.Equal("name = \"😀 tower\" # 😀\nx = 2 # one\n", document.ToString());
    }
}
