using ArFlow.Infrastructure.Access;
using ArFlow.Tests.Infrastructure;

namespace ArFlow.Tests;

/// <summary>One key, one address, one address trying passwords: each is held to its limit with 429
/// and Retry-After, in the caller's language, and one caller's flood does not stop another key.</summary>
public sealed class RateLimitTests
{
    private static async Task<TestApp> StartAsync(int perKey, int perAddress, int signIn)
    {
        var app = await TestApp.StartAsync(Engine.Sqlite);
        app.Settings["ArFlow:RateLimits:ApiPerKey"] = perKey.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["ArFlow:RateLimits:ApiPerAddress"] = perAddress.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["ArFlow:RateLimits:SignInPerAddress"] = signIn.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // A long window, so that no window ends in the middle of the test.
        app.Settings["ArFlow:RateLimits:WindowSeconds"] = "3600";
        return app;
    }

    [Fact]
    public async Task AKey_IsHeldToItsLimit_WhileAnotherKeyGoesOn_UntilTheAddressIsSpent()
    {
        await using var app = await StartAsync(perKey: 5, perAddress: 8, signIn: 100);
        var first = app.Client("zh-CN", asUser: "r.one", role: Roles.Auditor);
        var second = app.Client(asUser: "r.two", role: Roles.Auditor);
        for (var i = 0; i < 5; i++) await first.Get("/api/customers");
        var refused = await first.GetAsync(new Uri("/api/customers", UriKind.Relative));
        Assert.Equal(429, (int)refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.StartsWith("请求过于频繁", (await refused.Json(429))["title"].Str(), StringComparison.Ordinal);

        // The second key has its own count, but both come from one address: 8 in all (what the key's
        // limit refused did not reach the address's count).
        for (var i = 0; i < 3; i++) await second.Get("/api/customers");
        await second.Get("/api/customers", 429);
    }

    [Fact]
    public async Task PasswordAttempts_AreLimitedPerAddress_ButTheConsolePagesAreNot()
    {
        await using var app = await StartAsync(perKey: 100, perAddress: 100, signIn: 3);
        var browser = app.Client(asUser: null);
        for (var i = 0; i < 3; i++)
        {
            var attempt = await browser.PostAsync(new Uri("/account/sign-in", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "x", ["Password"] = "y" }));
            Assert.NotEqual(429, (int)attempt.StatusCode);
        }
        var fourth = await browser.PostAsync(new Uri("/account/sign-in", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "x", ["Password"] = "y" }));
        Assert.Equal(429, (int)fourth.StatusCode);
        Assert.Equal(429, (int)(await browser.PostAsync(new Uri("/account/two-factor", UriKind.Relative), new StringContent(""))).StatusCode);
        Assert.Equal(200, (int)(await browser.GetAsync(new Uri("/account/sign-in", UriKind.Relative))).StatusCode);
    }
}
