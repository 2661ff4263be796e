using System.Text.RegularExpressions;
using System.Security.Claims;
using ArFlow.Data.Entities;

namespace ArFlow.Infrastructure.Access;

/// <summary>Who the audit trail names for a request: the person (or the person whose API key it
/// is, with the key), through the console or the API, from the client's address.</summary>
public static class Actors
{
    /// <summary>The claim an API key's sign-in carries: the key's prefix and name.</summary>
    public const string KeyClaim = "arflow:api-key";

    public static AuditActor Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var channel = http.User.FindFirst(KeyClaim) is not null || http.Request.Path.StartsWithSegments("/api") ? "api" : "web";
        return Of(http.User, channel, http.Connection.RemoteIpAddress?.ToString());
    }

    public static AuditActor Of(ClaimsPrincipal user, string channel, string? address)
    {
        ArgumentNullException.ThrowIfNull(user);
        var name = user.Identity?.IsAuthenticated == true ? user.Identity.Name ?? "?" : "anonymous";
        var key = user.FindFirst(KeyClaim)?.Value;
        return new AuditActor(name, channel, key is null ? address : $"{address} key {key}");
    }

    /// <summary>A command: the operating-system user, on this host, with what was typed — except a
    /// password inside a PostgreSQL connection string or URL given to --db.</summary>
    public static AuditActor Command(IEnumerable<string> tokens) =>
        new(Environment.UserName, "cli", $"{Environment.MachineName}: arflow {string.Join(' ', tokens.Select(WithoutPassword))}");

    private static string WithoutPassword(string token) =>
        Regex.Replace(Regex.Replace(token, "(?i)(password|pwd)=[^;]*", "$1=***"), "://([^:/@]+):[^@]*@", "://$1:***@");
}
