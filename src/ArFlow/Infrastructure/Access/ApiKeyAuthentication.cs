using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using ArFlow.Data;
using ArFlow.Data.Entities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ArFlow.Infrastructure.Access;

/// <summary>`Authorization: ApiKey &lt;key&gt;` (or `X-Api-Key: &lt;key&gt;`) signs a program in as the
/// key's user, with that user's roles and customer scope, narrowed to the key's scopes. A revoked
/// or expired key, or one whose user is locked out, is refused and the attempt logged.</summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IDbContextFactory<ArFlowDbContext> databases, UserManager<ArFlowUser> users, IUserClaimsPrincipalFactory<ArFlowUser> principals,
    TimeProvider time, ApiKeyUseLog uses)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string Header = "X-Api-Key";

    public static bool Carries(HttpRequest request) => KeyOf(request) is not null;

    /// <summary>The key a request carries, if any.</summary>
    public static string? KeyOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.Headers[Header].ToString();
        if (key.Length > 0) return key;
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase) ? authorization[(SchemeName.Length + 1)..].Trim() : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (KeyOf(Request) is not { Length: > 0 } key) return AuthenticateResult.NoResult();
        var hash = Hash(key);
        await using var db = await databases.CreateDbContextAsync(Context.RequestAborted);
        var found = await db.ApiKeys.Where(k => k.Hash == hash)
            .Join(db.Users, k => k.UserId, u => u.Id, (k, u) => new { Key = k, User = u })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (found is null) return AuthenticateResult.Fail(Text.Ui("auth.bad-api-key"));
        // A locked-out person's keys stop working with them (Identity's own rule and clock).
        var refusal = found.Key.RevokedAt is not null ? "auth.api-key-revoked"
            : found.Key.ExpiresAt is { } expires && expires <= time.GetUtcNow() ? "auth.api-key-expired"
            : await users.IsLockedOutAsync(found.User) ? "auth.bad-api-key"
            : null;
        if (refusal is not null)
        {
            uses.Add(found.Key.Id, Context, StatusCodes.Status401Unauthorized);
            return AuthenticateResult.Fail(Text.Ui(refusal));
        }
        var principal = await principals.CreateAsync(found.User);
        var identity = (ClaimsIdentity)principal.Identity!;
        identity.AddClaim(new Claim(Actors.KeyClaim, $"{found.Key.Prefix} {found.Key.Name}"));
        identity.AddClaim(new Claim(ApiKeyUseLog.KeyIdClaim, found.Key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var scope in found.Key.Scopes.Split(',', StringSplitOptions.RemoveEmptyEntries))
            identity.AddClaim(new Claim(ApiKeyScopes.Claim, scope));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>A refused key is told why (unknown, revoked, expired) in the caller's language.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (result.Failure is null)
        {
            await base.HandleChallengeAsync(properties);
            return;
        }
        await Results.Problem(title: result.Failure.Message, statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }

    /// <summary>A new random key: what the caller shows once, and the row that keeps its hash.</summary>
    public static (string Key, ApiKey Row) Create(long userId, string name, string scopes, DateTimeOffset? expires, string? createdBy, DateTimeOffset now)
    {
        var key = "arf_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        return (key, new ApiKey
        {
            UserId = userId, Name = name, Prefix = key[..10], Hash = Hash(key), Scopes = scopes, ExpiresAt = expires, CreatedBy = createdBy, CreatedAt = now,
        });
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
