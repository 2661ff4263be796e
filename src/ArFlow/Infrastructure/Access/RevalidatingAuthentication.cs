using System.Security.Claims;
using ArFlow.Data.Entities;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ArFlow.Infrastructure.Access;

/// <summary>An open console tab lives for hours on one connection; every 30 minutes it checks that
/// the person still exists, is not locked out and has not changed password or roles since signing
/// in (the security stamp), and signs the tab out otherwise.</summary>
public sealed class RevalidatingAuthentication(
    ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<IdentityOptions> identity)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await StillValidAsync(scope.ServiceProvider.GetRequiredService<UserManager<ArFlowUser>>(), state.User, identity.Value);
    }

    public static async Task<bool> StillValidAsync(UserManager<ArFlowUser> users, ClaimsPrincipal principal, IdentityOptions identity)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || await users.IsLockedOutAsync(user)) return false;
        if (!users.SupportsUserSecurityStamp) return true;
        return principal.FindFirstValue(identity.ClaimsIdentity.SecurityStampClaimType) == await users.GetSecurityStampAsync(user);
    }
}
