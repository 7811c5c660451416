using System.Text.Json;
using System.Text.Json.Serialization;
using LibreQoS.Config.LqosConf;

namespace LibreQoS.Service.Handling;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(LqosConfig))]
internal sealed partial class ConfigJson : JsonSerializerContext
{
    public static JsonElement ToElement(LqosConfig config) => JsonSerializer.SerializeToElement(config, Default.LqosConfig);
}
