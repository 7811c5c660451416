using System.Text.Json;
using System.Text.Json.Serialization;

namespace LibreQoS.Config.LqosConf;

/// <summary>
/// The typed lqos.conf as JSON: snake_case names of <see cref="LqosConfig"/>'s properties, derived values
/// included (<c>on_a_stick</c>, <c>interface_a</c>, <c>interface_b</c>, <c>state_directory</c>, <c>topology_import_ingress_enabled</c>,
/// <c>queues.observe_only</c>, <c>queues.effective_fast_queues_fq_codel</c>), absent optional sections as null.
/// </summary>
/// <remarks>
/// One shape for every reader outside .NET: lqosd's <c>get_config</c> reply and <c>lqos config show --json</c>, which
/// the Python module <c>liblqos_python</c> reads so that its getters return exactly what the C# reader resolved
/// (defaults included). Renaming a property here renames a key those readers use.
/// </remarks>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(LqosConfig))]
public sealed partial class LqosConfigJson : JsonSerializerContext
{
    public static JsonElement ToElement(LqosConfig config) => JsonSerializer.SerializeToElement(config, Default.LqosConfig);

    public static string Serialize(LqosConfig config, bool indented = false)
    {
        if (!indented)
            return JsonSerializer.Serialize(config, Default.LqosConfig);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            ToElement(config).WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
