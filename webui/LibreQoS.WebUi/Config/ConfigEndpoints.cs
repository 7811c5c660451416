using System.Globalization;
using System.Text.Json;
using LibreQoS.WebUi.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace LibreQoS.WebUi.Config;

/// <summary>The lqos.conf editor: anyone signed in may look, only admins may save.</summary>
public static class ConfigEndpoints
{
    public static RouteGroupBuilder MapConfigEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/config");
        group.MapGet("/", Get);
        group.MapPost("/", Save).RequireAuthorization(WebUiPolicies.Admin);
        return group;
    }

    internal static Ok<ConfigView> Get(IConfigQueries queries) => TypedResults.Ok(queries.Read());

    internal static Results<Ok<ConfigSaveResult>, BadRequest<ConfigSaveResult>> Save(ConfigChange change, IConfigQueries queries,
        HttpContext http, ILogger<ConfigChange> logger)
    {
        var known = queries.Read().Settings.ToDictionary(s => s.Key, StringComparer.Ordinal);
        var errors = new List<string>();
        var parsed = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, sent) in change.Changes)
        {
            if (!known.TryGetValue(key, out var setting))
                errors.Add($"{key}: not a setting this editor changes");
            else if (setting.IsList)
            {
                if (ParseList(setting, sent, errors) is { } items)
                    parsed[key] = items;
            }
            else if (sent.ValueKind != JsonValueKind.String)
                errors.Add($"{key}: expected the value as text, got {sent.ValueKind.ToString().ToLowerInvariant()}");
            else if (setting.Secret && sent.GetString() is { Length: 0 })
                continue;
            else if (Parse(setting, sent.GetString()!) is { } value)
                parsed[key] = value;
            else
                errors.Add($"{key}: '{(setting.Secret ? "(hidden)" : sent.GetString())}' is not {Describe(setting)}");
        }
        if (errors.Count > 0)
            return TypedResults.BadRequest(new ConfigSaveResult(false, errors));
        if (parsed.Count == 0)
            return TypedResults.Ok(new ConfigSaveResult(true, []));

        var result = queries.Save(parsed);
        if (!result.Saved)
            return TypedResults.BadRequest(result);
        WebUiLog.ConfigSaved(logger, http.User.Identity?.Name ?? "?", string.Join(", ", parsed.Keys));
        return TypedResults.Ok(result);
    }

    /// <summary>Every problem with a list is reported, each naming the key and the item's position (1-based).</summary>
    private static List<string>? ParseList(ConfigSetting setting, JsonElement value, List<string> errors)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{setting.Key}: expected a list of {Describe(setting)}");
            return null;
        }
        int errorsBefore = errors.Count, position = 0;
        var items = new List<string>();
        foreach (var element in value.EnumerateArray())
        {
            position++;
            string? item = element.ValueKind == JsonValueKind.String ? element.GetString()!.Trim() : null;
            if (item is null)
                errors.Add($"{setting.Key}: item {position} is not text");
            else if (item.Length == 0)
                errors.Add($"{setting.Key}: item {position} is empty");
            else if (item.Any(char.IsControl))
                errors.Add($"{setting.Key}: item {position} contains a line break or control character");
            else if (setting.Kind == SettingKind.IdList && !item.All(char.IsAsciiDigit))
                errors.Add($"{setting.Key}: item {position} '{item}' is not {Describe(setting)}");
            else if (items.Contains(item, StringComparer.Ordinal))
                errors.Add($"{setting.Key}: item {position} '{item}' is listed twice");
            else
                items.Add(item);
        }
        return errors.Count == errorsBefore ? items : null;
    }

    private static object? Parse(ConfigSetting setting, string text) => setting.Kind switch
    {
        SettingKind.Boolean => bool.TryParse(text, out bool b) ? b : null,
        SettingKind.Number => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : null,
        SettingKind.Fraction => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) ? d : null,
        SettingKind.Url => text.Length == 0 || IsWebAddress(text) ? text : null,
        SettingKind.Choice => setting.Choices?.Contains(text, StringComparer.Ordinal) == true ? text : null,
        _ => text,
    };

    private static bool IsWebAddress(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;

    private static string Describe(ConfigSetting setting) => setting.Kind switch
    {
        SettingKind.Boolean => "true or false",
        SettingKind.Number => "a whole number",
        SettingKind.Fraction => "a number",
        SettingKind.Url => "an http:// or https:// address",
        SettingKind.Choice => $"one of {string.Join(", ", setting.Choices ?? [])}",
        SettingKind.IdList => "a numeric id",
        SettingKind.List => "text items",
        _ => "text",
    };
}
