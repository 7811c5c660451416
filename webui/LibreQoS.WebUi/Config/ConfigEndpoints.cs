using System.Globalization;
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
        foreach (var (key, text) in change.Changes)
        {
            if (!known.TryGetValue(key, out var setting))
                errors.Add($"{key}: not a setting this editor changes");
            else if (setting.Secret && text.Length == 0)
                continue;
            else if (Parse(setting, text) is { } value)
                parsed[key] = value;
            else
                errors.Add($"{key}: '{(setting.Secret ? "(hidden)" : text)}' is not {Describe(setting)}");
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
        _ => "text",
    };
}
