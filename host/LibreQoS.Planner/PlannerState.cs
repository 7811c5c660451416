using System.Text.Json;
using System.Text.Json.Serialization;

namespace LibreQoS.Planner;

/// <summary>Where an item sat in the last plan: its queue, minor and parent path.</summary>
public sealed record ClassIdentity(int Queue, ushort Minor, string ParentPath);

/// <summary>
/// What the planner remembers between runs so that placements and class ids stay put: the queue of each top-level
/// node, and the identity of each node (by path) and circuit (by id). Persisted as planner_state.json; deleting it
/// (<c>lqos refresh --planner-reset</c>) lets the next plan start fresh.
/// </summary>
public sealed record PlannerState(
    int QueueCount,
    IReadOnlyDictionary<string, int> TopLevelQueues,
    IReadOnlyDictionary<string, ClassIdentity> Sites,
    IReadOnlyDictionary<string, ClassIdentity> Circuits)
{
    public const string FileName = "planner_state.json";

    public static PlannerState Empty { get; } = new(0, new Dictionary<string, int>(), new Dictionary<string, ClassIdentity>(), new Dictionary<string, ClassIdentity>());

    public string ToJson() => JsonSerializer.Serialize(this, PlannerStateJson.Default.PlannerState);

    /// <summary>Reads a saved state; anything unreadable means starting fresh, never a failed refresh.</summary>
    public static PlannerState FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, PlannerStateJson.Default.PlannerState) ?? Empty;
        }
        catch (JsonException)
        {
            return Empty;
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(PlannerState))]
internal sealed partial class PlannerStateJson : JsonSerializerContext;
