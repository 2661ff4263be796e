using ArFlow.Data;
using ArFlow.Data.Entities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace ArFlow.Infrastructure.Access;

/// <summary>Sign-in (Identity cookie for people, API keys for programs), the policies, and the
/// customer scope of the signed-in person.</summary>
public static class AccessSetup
{
    private const string EitherScheme = "CookieOrApiKey";

    /// <summary>Accounts and roles, for the server and the command line alike.</summary>
    public static IServiceCollection AddArFlowAccounts(this IServiceCollection services)
    {
        services.AddLogging();
        services.AddDataProtection().SetApplicationName("ArFlow").PersistKeysToDbContext<ArFlowDbContext>();
        services.AddIdentityCore<ArFlowUser>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole<long>>()
            .AddEntityFrameworkStores<ArFlowDbContext>()
            .AddErrorDescriber<LocalizedIdentityErrors>()
            .AddDefaultTokenProviders();
        return services;
    }

    /// <summary>Sign-in schemes, cookies and policies of the web server.</summary>
    public static IServiceCollection AddArFlowAccess(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = EitherScheme;
                o.DefaultChallengeScheme = EitherScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddPolicyScheme(EitherScheme, null, o => o.ForwardDefaultSelector = http =>
                ApiKeyAuthentication.Carries(http.Request) ? ApiKeyAuthentication.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddIdentityCookies();

        services.AddIdentityCore<ArFlowUser>().AddSignInManager();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/sign-in";
            o.LogoutPath = "/account/sign-out";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "arflow";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the request is (behind TLS in production); plain http only on loopback.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // A program calling the API gets a status code, not a sign-in page.
            o.Events.OnRedirectToLogin = ctx => Answer(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => Answer(ctx, StatusCodes.Status403Forbidden);
        });

        var authorization = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var (policy, roles) in Policies.RolesOf)
            authorization.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles)
                .RequireAssertion(ctx => ApiKeyScopes.Allows(ctx.User, policy)));
        return services;
    }

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api")) ctx.Response.StatusCode = status;
        else ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
