using System.Text.Json;
using System.Text.Json.Serialization;
using LibreQoS.WebUi.Auth;
using LibreQoS.WebUi.Circuits;
using LibreQoS.WebUi.Config;
using LibreQoS.WebUi.Dashboard;
using LibreQoS.WebUi.Network;
using LibreQoS.WebUi.Urgent;

namespace LibreQoS.WebUi;

/// <summary>Every type the web UI reads or writes as JSON (camelCase, enums as names).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Credentials))]
[JsonSerializable(typeof(SessionView))]
[JsonSerializable(typeof(ErrorView))]
[JsonSerializable(typeof(UsersFile))]
[JsonSerializable(typeof(DashboardSnapshot))]
[JsonSerializable(typeof(SchedulerView))]
[JsonSerializable(typeof(CircuitPage))]
[JsonSerializable(typeof(CircuitDetail))]
[JsonSerializable(typeof(NetworkTreeView))]
[JsonSerializable(typeof(CpuView))]
[JsonSerializable(typeof(IReadOnlyList<UrgentIssueView>))]
[JsonSerializable(typeof(ConfigView))]
[JsonSerializable(typeof(ConfigChange))]
[JsonSerializable(typeof(ConfigSaveResult))]
internal sealed partial class WebUiJsonContext : JsonSerializerContext;
