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
/// key's user, with that user's roles and scope.</summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IDbContextFactory<ArFlowDbContext> databases, UserManager<ArFlowUser> users, IUserClaimsPrincipalFactory<ArFlowUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string Header = "X-Api-Key";

    public static bool Carries(HttpRequest request) =>
        request.Headers.ContainsKey(Header) ||
        request.Headers.Authorization.ToString().StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Request.Headers[Header].ToString();
        if (key.Length == 0)
        {
            var authorization = Request.Headers.Authorization.ToString();
            if (!authorization.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
            key = authorization[(SchemeName.Length + 1)..].Trim();
        }
        var hash = Hash(key);
        await using var db = await databases.CreateDbContextAsync(Context.RequestAborted);
        var found = await db.ApiKeys.Where(k => k.Hash == hash && k.RevokedAt == null)
            .Join(db.Users, k => k.UserId, u => u.Id, (k, u) => new { Key = k, User = u })
            .FirstOrDefaultAsync(Context.RequestAborted);
        // A locked-out person's keys stop working with them (Identity's own rule and clock).
        if (found is null || await users.IsLockedOutAsync(found.User))
            return AuthenticateResult.Fail(Text.Ui("auth.bad-api-key"));
        var principal = await principals.CreateAsync(found.User);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(Actors.KeyClaim, $"{found.Key.Prefix} {found.Key.Name}"));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>A new random key: what the caller shows once, and the row that keeps its hash.</summary>
    public static (string Key, ApiKey Row) Create(long userId, string name, DateTimeOffset now)
    {
        var key = "arf_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        return (key, new ApiKey { UserId = userId, Name = name, Prefix = key[..10], Hash = Hash(key), CreatedAt = now });
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
