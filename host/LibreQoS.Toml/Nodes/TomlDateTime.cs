namespace LibreQoS.Toml;

/// <summary>One of the four TOML date/time kinds; exactly the property matching <see cref="Kind"/> is set.
/// Fractional seconds keep 100 ns precision (DateTime ticks); further digits are truncated.</summary>
public sealed class TomlDateTime : TomlNode
{
    internal TomlDateTime(DateTimeOffset value) => (Kind, OffsetValue) = (TomlDateTimeKind.OffsetDateTime, value);

    internal TomlDateTime(DateTime value) => (Kind, LocalValue) = (TomlDateTimeKind.LocalDateTime, value);

    internal TomlDateTime(DateOnly value) => (Kind, DateValue) = (TomlDateTimeKind.LocalDate, value);

    internal TomlDateTime(TimeOnly value) => (Kind, TimeValue) = (TomlDateTimeKind.LocalTime, value);

    public TomlDateTimeKind Kind { get; }

    public DateTimeOffset? OffsetValue { get; }

    /// <summary>A local date-time, with <see cref="DateTimeKind.Unspecified"/>.</summary>
    public DateTime? LocalValue { get; }

    public DateOnly? DateValue { get; }

    public TimeOnly? TimeValue { get; }

    public override string TypeName => "datetime";
}
