using LibreQoS.Config.Toml;
using Tomlyn;

namespace LibreQoS.Config.Tests.Toml.Conformance;

public class DateTimeTests
{
    [Theory]
    [InlineData("a = 1979-05-27T07:32:00Z", 7, 0)]
    [InlineData("a = 1979-05-27T07:32:00z", 7, 0)]
    [InlineData("a = 1979-05-27t07:32:00Z", 7, 0)]
    [InlineData("a = 1979-05-27 07:32:00Z", 7, 0)]
    [InlineData("a = 1979-05-27T00:32:00-07:00", 0, -7 * 60)]
    [InlineData("a = 1979-05-27T13:02:00+05:30", 13, 5 * 60 + 30)]
    [InlineData("a = 1979-05-27T07:32:00+14:00", 7, 14 * 60)]
    public void Parse_OffsetDateTime_ReturnsValue(string toml, int hour, int offsetMinutes)
    {
        var value = TomlAssert.ValueOfA<TomlDateTime>(toml);

        Assert.Contains(value.Kind, new[] { TomlDateTimeKind.OffsetDateTimeByZ, TomlDateTimeKind.OffsetDateTimeByNumber });
        Assert.Equal(new DateTimeOffset(1979, 5, 27, hour, hour == 13 ? 2 : 32, 0, TimeSpan.FromMinutes(offsetMinutes)), value.DateTime);
        Assert.Equal(TimeSpan.FromMinutes(offsetMinutes), value.DateTime.Offset);
    }

    [Fact]
    public void Parse_OffsetDateTimeWithFraction_KeepsMicroseconds()
    {
        var value = TomlAssert.ValueOfA<TomlDateTime>("a = 1979-05-27T00:32:00.999999-07:00");

        Assert.Equal(new DateTimeOffset(1979, 5, 27, 0, 32, 0, TimeSpan.FromHours(-7)).AddTicks(9_999_990), value.DateTime);
    }

    [Fact]
    public void Parse_LocalDateTime_ReturnsUnspecifiedDateTime()
    {
        var value = TomlAssert.ValueOfA<TomlDateTime>("a = 1979-05-27T07:32:00");

        Assert.Equal(TomlDateTimeKind.LocalDateTime, value.Kind);
        Assert.Equal(new DateTime(1979, 5, 27, 7, 32, 0, DateTimeKind.Unspecified), value.DateTime.DateTime);
        Assert.Equal(DateTimeKind.Unspecified, value.DateTime.DateTime.Kind);
    }

    [Fact]
    public void Parse_LocalDateTimeWithSpaceAndFraction_ReturnsValue()
    {
        var value = TomlAssert.ValueOfA<TomlDateTime>("a = 1979-05-27 00:32:00.5");

        Assert.Equal(new DateTime(1979, 5, 27, 0, 32, 0, 500, DateTimeKind.Unspecified), value.DateTime.DateTime);
    }

    [Theory]
    [InlineData("a = 1979-05-27", 1979, 5, 27)]
    [InlineData("a = 2000-02-29", 2000, 2, 29)]
    [InlineData("a = 2024-02-29", 2024, 2, 29)]
    [InlineData("a = 1979-05-27 # a date, then a comment", 1979, 5, 27)]
    [InlineData("a = 9999-12-31", 9999, 12, 31)]
    public void Parse_LocalDate_ReturnsValue(string toml, int year, int month, int day)
    {
        var value = TomlAssert.ValueOfA<TomlDateTime>(toml);

        Assert.Equal(TomlDateTimeKind.LocalDate, value.Kind);
        Assert.Equal(new DateOnly(year, month, day), DateOnly.FromDateTime(value.DateTime.DateTime));
    }

    [Theory]
    [InlineData("a = 07:32:00", 7, 32, 0, 0L)]
    [InlineData("a = 00:32:00.999999", 0, 32, 0, 9_999_990L)]
    [InlineData("a = 23:59:59.1234567", 23, 59, 59, 1_234_567L)]
    public void Parse_LocalTime_ReturnsValueTruncatedToTicks(string toml, int hour, int minute, int second, long fractionTicks)
    {
        var value = TomlAssert.ValueOfA<TomlDateTime>(toml);

        Assert.Equal(TomlDateTimeKind.LocalTime, value.Kind);
        Assert.Equal(new TimeOnly(new TimeOnly(hour, minute, second).Ticks + fractionTicks), TimeOnly.FromDateTime(value.DateTime.DateTime));
    }

    [Theory]
    [InlineData("a = 1979-13-01", 1, 5, "Unable to parse the date time/offset `1979-13-01`")]
    [InlineData("a = 1979-00-01", 1, 5, "Unable to parse the date time/offset `1979-00-01`")]
    [InlineData("a = 1979-02-29", 1, 5, "Unable to parse the date time/offset `1979-02-29`")]
    [InlineData("a = 1900-02-29", 1, 5, "Unable to parse the date time/offset `1900-02-29`")]
    [InlineData("a = 1979-04-31", 1, 5, "Unable to parse the date time/offset `1979-04-31`")]
    [InlineData("a = 1979-05-00", 1, 5, "Unable to parse the date time/offset `1979-05-00`")]
    [InlineData("a = 0000-01-01", 1, 5, "Unable to parse the date time/offset `0000-01-01`")]
    [InlineData("a = 1979-5-27", 1, 5, "Invalid format of date time/offset `1979-5-27` not following RFC3339")]
    [InlineData("a = 1979-05-7", 1, 5, "Invalid format of date time/offset `1979-05-7` not following RFC3339")]
    [InlineData("a = 1979-05-27T24:00:00", 1, 5, "Unable to parse the date time/offset `1979-05-27T24:00:00`")]
    [InlineData("a = 1979-05-27T07:60:00", 1, 5, "Unable to parse the date time/offset `1979-05-27T07:60:00`")]
    [InlineData("a = 07:32:60", 1, 5, "Unable to parse the date time/offset `07:32:60`")]
    [InlineData("a = 1979-05-27T7:32:00", 1, 5, "Unable to parse the date time/offset `1979-05-27T7:32:00`")]
    [InlineData("a = 1979-05-27T", 1, 5, "Unable to parse the date time/offset `1979-05-27T`")]
    [InlineData("a = 1979-05-27T07:32:00.", 1, 5, "Unable to parse the date time/offset `1979-05-27T07:32:00.`")]
    [InlineData("a = 1979-05-27X07:32:00", 1, 15, "Unexpected token found `X` while expecting token `newline`")]
    [InlineData("a = 1979-05-27T07:32:00+24:00", 1, 5, "Unable to parse the date time/offset `1979-05-27T07:32:00+24:00`")]
    [InlineData("a = 1979-05-27T07:32:00+05:60", 1, 5, "Unable to parse the date time/offset `1979-05-27T07:32:00+05:60`")]
    [InlineData("a = 1979-05-27T07:32:00+15:00", 1, 5, "Unable to parse the date time/offset `1979-05-27T07:32:00+15:00`")]
    [InlineData("a = 1979-05-27T07:32:00+0530", 1, 5, "Invalid format of date time/offset `1979-05-27T07:32:00+0530` not following RFC3339")]
    [InlineData("a = 1979-05-27T07:32:00Zx", 1, 25, "Unexpected token found `x` while expecting token `newline`")]
    [InlineData("a = 00:00:00.123456789", 1, 5, "Invalid format of date time/offset `00:00:00.123456789` not following RFC3339")]
    [InlineData("a = 07:32:00Z", 1, 5, "Invalid format of date time/offset `07:32:00Z` not following RFC3339")]
    [InlineData("a = 0001-01-01T00:00:00+01:00", 1, 5, "Invalid format of date time/offset `0001-01-01T00:00:00+01:00` not following RFC3339")]
    [InlineData("a = 1979-05-27  07:32:00", 1, 17, "Unexpected token found `07:32:00` (token: `localtime`) while expecting token `newline`")]
    public void Parse_InvalidDateTime_ThrowsAtOffendingCharacter(string toml, int line, int column, string reason)
    {
        TomlAssert.Fails(toml, line, column, reason);
    }
}
