using System.Text.Json;
using System.Text.Json.Serialization;
using LibreQoS.Core.Network;
using LibreQoS.Core.Shaping;

namespace LibreQoS.Shaping;

/// <summary>The applied plan as JSON (applied_plan.json): what the next refresh diffs against.</summary>
public static class PlanJson
{
    public static string Serialize(ShapingPlan plan) => JsonSerializer.Serialize(plan, PlanJsonContext.Default.ShapingPlan);

    /// <summary>The plan saved at <paramref name="path"/>, or null when there is none or it is unreadable.</summary>
    public static ShapingPlan? Load(string path) => File.Exists(path) ? Deserialize(File.ReadAllText(path)) : null;

    /// <summary>Null when the text is not a plan we wrote (then the next apply rebuilds, which is always safe).</summary>
    public static ShapingPlan? Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, PlanJsonContext.Default.ShapingPlan);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or NotSupportedException)
        {
            return null;
        }
    }
}

internal sealed class IpPrefixJsonConverter : JsonConverter<IpPrefix>
{
    public override IpPrefix Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        IpPrefix.Parse(reader.GetString() ?? throw new JsonException("expected an address"));

    public override void Write(Utf8JsonWriter writer, IpPrefix value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, Converters = [typeof(IpPrefixJsonConverter)])]
[JsonSerializable(typeof(ShapingPlan))]
internal sealed partial class PlanJsonContext : JsonSerializerContext;
