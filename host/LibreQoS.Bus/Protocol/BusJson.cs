using System.Text.Json;
using System.Text.Json.Serialization;

namespace LibreQoS.Bus.Protocol;

/// <summary>The bus's JSON: snake_case names, source-generated (no reflection), nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(RequestFrame))]
[JsonSerializable(typeof(RawRequestFrame))]
[JsonSerializable(typeof(BusRequest))]
[JsonSerializable(typeof(ResponseFrame))]
public sealed partial class BusJson : JsonSerializerContext;
