using System.Text.Json;
using System.Text.Json.Serialization;

namespace LibreQoS.Shaping.TopologyRuntime;

/// <summary>
/// <c>topology_runtime_status.json</c>, upstream v2.2's contract: v2.2's scheduler.py reshapes only once the status
/// is ready for the current source generation and both outputs still have the generations it names.
/// </summary>
/// <param name="ShapingGeneration">Of the shaping_inputs.json published last; kept from the last good compile when this one failed.</param>
/// <param name="Error">Why the sources of <paramref name="SourceGeneration"/> could not be compiled; null when ready.</param>
public sealed record TopologyRuntimeStatus(
    int SchemaVersion,
    string SourceGeneration,
    string? ShapingGeneration,
    string? EffectiveGeneration,
    bool Ready,
    long? GeneratedUnix,
    string EffectiveStatePath,
    string EffectiveNetworkPath,
    string ShapingInputsPath,
    string? Error)
{
    public const int CurrentSchema = 1;

    public string ToJson() => JsonSerializer.Serialize(this, TopologyRuntimeJson.Default.TopologyRuntimeStatus);

    /// <summary>The status at <paramref name="path"/>, or null when there is none or it is not one we can read.</summary>
    public static TopologyRuntimeStatus? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), TopologyRuntimeJson.Default.TopologyRuntimeStatus);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Null when the published outputs are those of <paramref name="sourceGeneration"/> and unchanged since; else why
    /// not, in upstream's words for the failure the scheduler treats as lasting.
    /// </summary>
    public string? Staleness(string sourceGeneration)
    {
        if (SourceGeneration != sourceGeneration)
            return "the topology runtime has not compiled the current sources yet";
        if (!Ready)
            return $"Topology runtime failed for the current source generation: {Error}";
        if (!Matches(ShapingInputsPath, ShapingGeneration) || !Matches(EffectiveNetworkPath, EffectiveGeneration))
            return "the published outputs changed after the topology runtime wrote them";
        return null;
    }

    private static bool Matches(string path, string? generation)
    {
        try
        {
            return generation is { Length: > 0 } && TopologyGeneration.OfFile(path) == generation;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(TopologyRuntimeStatus))]
[JsonSerializable(typeof(ShapingInputsDocument))]
[JsonSerializable(typeof(EffectiveStateDocument))]
internal sealed partial class TopologyRuntimeJson : JsonSerializerContext;
