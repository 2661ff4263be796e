using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace ArFlow.Infrastructure.Access;

/// <summary>Limits on how fast one key, or one client address, may call the API, and on how fast one
/// address may try passwords (Identity's lockout guards each account; this guards against trying
/// many accounts). Fixed windows, counted in memory by each instance.</summary>
public static class RateLimits
{
    public static IServiceCollection AddArFlowRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        // Configured from the options once the app has them (the tests set them after start-up code runs).
        services.AddOptions<RateLimiterOptions>().Configure<ArFlowOptions>((o, options) =>
        {
            var limits = options.RateLimits;
            var window = TimeSpan.FromSeconds(Math.Max(1, limits.WindowSeconds));
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http =>
                    Api(http) && ApiKeyAuthentication.KeyOf(http.Request) is { } key && limits.ApiPerKey > 0
                        ? Fixed("key:" + key, limits.ApiPerKey, window)
                        : RateLimitPartition.GetNoLimiter("")),
                // The portal is open to anyone holding a link: per link, and per address below.
                PartitionedRateLimiter.Create<HttpContext, string>(http =>
                    Portal(http) is { } token && options.Statements.PortalRequestsPerMinute > 0
                        ? Fixed("portal-link:" + token, options.Statements.PortalRequestsPerMinute, TimeSpan.FromMinutes(1))
                        : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(http =>
                {
                    var address = http.Connection.RemoteIpAddress?.ToString() ?? "?";
                    if (Portal(http) is not null && options.Statements.PortalRequestsPerMinute > 0)
                        return Fixed("portal:" + address, options.Statements.PortalRequestsPerMinute, TimeSpan.FromMinutes(1));
                    if (Api(http) && limits.ApiPerAddress > 0) return Fixed("api:" + address, limits.ApiPerAddress, window);
                    if (SignIn(http) && limits.SignInPerAddress > 0) return Fixed("sign-in:" + address, limits.SignInPerAddress, window);
                    return RateLimitPartition.GetNoLimiter("");
                }));
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Results.Problem(title: Text.Ui("problem.too_many_requests"), statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(http);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> Fixed(string partition, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true,
        });

    /// <summary>The token of a portal request (page, PDF or API), else null.</summary>
    private static string? Portal(HttpContext http)
    {
        var path = http.Request.Path;
        if (!path.StartsWithSegments("/portal", out var rest) && !path.StartsWithSegments("/api/portal", out rest)) return null;
        var token = rest.Value?.TrimStart('/').Split('/')[0];
        return string.IsNullOrEmpty(token) ? null : token;
    }

    private static bool Api(HttpContext http) => http.Request.Path.StartsWithSegments("/api");

    private static bool SignIn(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method)
        && (http.Request.Path.StartsWithSegments("/account/sign-in") || http.Request.Path.StartsWithSegments("/account/two-factor"));
}
