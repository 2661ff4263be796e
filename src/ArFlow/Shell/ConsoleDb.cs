using ArFlow.Data;
using Microsoft.AspNetCore.Components.Authorization;
using ArFlow.Infrastructure.Access;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Shell;

/// <summary>A short-lived context per piece of work on a page (a circuit lives long; a context
/// must not), seeing only what the signed-in person may see.</summary>
public sealed class ConsoleDb(IDbContextFactory<ArFlowDbContext> factory, AuthenticationStateProvider authentication)
{
    public async Task<ArFlowDbContext> OpenAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        var db = await factory.CreateDbContextAsync();
        var scope = Roles.ScopeOf(state.User);
        db.ScopeOf = () => scope;
        return db;
    }
}
