using ArFlow.Data;
using Microsoft.AspNetCore.Components.Authorization;
using ArFlow.Infrastructure.Access;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Shell;

/// <summary>A short-lived context per piece of work on a page (a circuit lives long; a context
/// must not), seeing only what the signed-in person may see.</summary>
/// <remarks>The circuit's HTTP context is the connection's own, so its address is the person's.</remarks>
public sealed class ConsoleDb(
    IDbContextFactory<ArFlowDbContext> factory, AuthenticationStateProvider authentication, IHttpContextAccessor http, TimeProvider time)
{
    public async Task<ArFlowDbContext> OpenAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        var db = await factory.CreateDbContextAsync();
        var scope = Roles.ScopeOf(state.User);
        var actor = Actors.Of(state.User, "web", http.HttpContext?.Connection.RemoteIpAddress?.ToString());
        db.ScopeOf = () => scope;
        db.ActorOf = () => actor;
        db.Time = time;
        return db;
    }

    /// <summary>The signed-in person, for what the domain decides about them (may they approve this?).</summary>
    public async Task<System.Security.Claims.ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;
}
