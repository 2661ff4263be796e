using ArFlow.Data.Entities;
using ArFlow.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;

namespace ArFlow.Features.Account;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();
        account.MapPost("/sign-out", async (SignInManager<ArFlowUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/sign-in");
        }).WithName("SignOut").WithMetadata(new RequireAntiforgeryTokenAttribute());

        // Switching language works signed in or not; a signed-in person keeps the choice.
        account.MapGet("/language", async (HttpContext http, UserManager<ArFlowUser> users, string culture, string? returnUrl) =>
        {
            var chosen = Text.Closest(culture).Name;
            RememberLanguage(http.Response, chosen);
            if (http.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(http.User) is { } user)
            {
                user.Language = chosen;
                await users.UpdateAsync(user);
            }
            return TypedResults.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).WithName("SwitchLanguage").AllowAnonymous();
    }

    public static void RememberLanguage(HttpResponse response, string culture) =>
        response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = response.HttpContext.Request.IsHttps });

    /// <summary>Only paths of this site, so a link cannot send someone elsewhere after sign-in.</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
