using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ArFlow.Data.Entities;
using ArFlow.Infrastructure.Access;
using ArFlow.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ArFlow.Tests;

/// <summary>Accounts from outside: the command line, the first-run page, lockout and two-step
/// verification, through the real forms (with their anti-forgery tokens).</summary>
public sealed partial class AccountTests
{
    [Fact]
    public async Task UsersAdd_CreatesAnAccount_AndRefusesBadInputWithExitCode2()
    {
        await using var db = await TestDatabase.CreateAsync(Engine.Sqlite);
        var env = new Dictionary<string, string> { ["ARFLOW_PASSWORD"] = "Secret-password-1" };
        var ok = await CliRunner.RunAsync(["users", "add", "boss", "--role", "admin", "--db", db.ConnectionString], env);
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.Contains("boss", ok.Stdout, StringComparison.Ordinal);

        var again = await CliRunner.RunAsync(["users", "add", "boss", "--role", "admin", "--db", db.ConnectionString], env);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("userName: A user named boss exists already.", again.Stderr, StringComparison.Ordinal);

        var role = await CliRunner.RunAsync(["users", "add", "x", "--role", "boss", "--db", db.ConnectionString], env);
        Assert.Equal(2, role.ExitCode);
        Assert.Contains("role: 'boss' is not one of", role.Stderr, StringComparison.Ordinal);

        var weak = await CliRunner.RunAsync(["users", "add", "y", "--role", "auditor", "--db", db.ConnectionString, "--lang", "zh-CN"],
            new Dictionary<string, string> { ["ARFLOW_PASSWORD"] = "short" });
        Assert.Equal(2, weak.ExitCode);
        Assert.Contains("密码至少需要 10 个字符", weak.Stderr, StringComparison.Ordinal);

        var key = await CliRunner.RunAsync(["users", "api-key", "boss", "--db", db.ConnectionString]);
        Assert.Equal(0, key.ExitCode);
        Assert.StartsWith("arf_", key.Stdout.Trim(), StringComparison.Ordinal);
        Assert.Equal(2, (await CliRunner.RunAsync(["users", "api-key", "nobody", "--db", db.ConnectionString])).ExitCode);
    }

    [Fact]
    public async Task RefusalsOfTheApi_SpeakTheCallersLanguage()
    {
        await using var app = await TestApp.StartAsync(Engine.Sqlite);
        var anonymous = app.Client("zh-CN", asUser: null);
        Assert.Equal("请先登录，或发送 API 密钥（X-Api-Key）。", (await anonymous.Get("/api/customers", 401))["title"].Str());
        var auditor = app.Client("zh-CN", asUser: "reader", role: "Auditor");
        var refused = await auditor.Post("/api/invoices", new { customerCode = "X" }, 403);
        Assert.Equal("您的角色无权执行此操作。", refused["title"].Str());
    }

    [Fact]
    public async Task FirstRun_CreatesTheFirstAdmin_ThenCloses()
    {
        await using var app = await TestApp.StartAsync(Engine.Sqlite);
        var browser = Browser(app);
        var form = await browser.GetStringAsync("/account/first-run");
        var answer = await PostFormAsync(browser, "/account/first-run", form, "first-run",
            new() { ["Input.UserName"] = "first.admin", ["Input.DisplayName"] = "First", ["Input.Password"] = "First-admin-pass1" });
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        // Signed in straight away: the console opens.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/customers")).StatusCode);

        // Now an administrator exists: the page says so and a second post creates nobody.
        var stranger = Browser(app);
        var closed = await stranger.GetStringAsync("/account/first-run");
        Assert.Contains("An administrator exists already", closed, StringComparison.Ordinal);
        Assert.DoesNotContain("Input.Password", closed, StringComparison.Ordinal);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ArFlowUser>>();
        Assert.True(await users.IsInRoleAsync((await users.FindByNameAsync("first.admin"))!, "Admin"));
    }

    [Fact]
    public async Task DemoFlag_OnADatabaseWithData_CreatesNoDemoAccounts()
    {
        await using var app = await TestApp.StartAsync(Engine.Sqlite);
        await app.Client().Post("/api/customers", new { code = "REAL-1", name = "A real customer", defaultTerms = "net 30", currency = "CNY" });
        await new ArFlow.Infrastructure.DatabaseStartup(app.Services, demo: true).StartAsync(CancellationToken.None);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ArFlowUser>>();
        Assert.Null(await users.FindByNameAsync("admin"));
        Assert.Null(await users.FindByNameAsync("manager"));
    }

    [Fact]
    public async Task AnOpenConsoleTab_IsSignedOut_WhenThePasswordChangesOrTheAccountIsLocked()
    {
        await using var app = await TestApp.StartAsync(Engine.Sqlite);
        app.KeyOf("tab.owner", "Auditor");
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ArFlowUser>>();
        var principals = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ArFlowUser>>();
        var options = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value;
        var user = (await users.FindByNameAsync("tab.owner"))!;

        var signedIn = await principals.CreateAsync(user);
        Assert.True(await RevalidatingAuthentication.StillValidAsync(users, signedIn, options));
        await users.ChangePasswordAsync(user, "Test-password-1", "Another-password-2");
        Assert.False(await RevalidatingAuthentication.StillValidAsync(users, signedIn, options));

        var again = await principals.CreateAsync(user);
        Assert.True(await RevalidatingAuthentication.StillValidAsync(users, again, options));
        var locked = await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddYears(1));
        Assert.True(locked.Succeeded, string.Join(", ", locked.Errors.Select(e => e.Code)));
        Assert.False(await RevalidatingAuthentication.StillValidAsync(users, again, options));
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task FirstRun_TwoAtOnce_MakeOneAdmin(Engine engine)
    {
        await using var app = await TestApp.StartAsync(engine);
        app.Client(asUser: null); // starts the server: the schema and the roles
        async Task<bool> Try(string name)
        {
            using var scope = app.Services.CreateScope();
            var result = await ArFlow.Features.Users.UserAccounts.AddFirstAdminAsync(scope.ServiceProvider,
                new(name, "First-admin-pass1", "admin"), app.Time.GetUtcNow(), CancellationToken.None);
            return result.IsSuccess;
        }
        var won = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => Try($"racer{i}"))));
        Assert.Equal(1, won.Count(w => w));
        using var check = app.Services.CreateScope();
        Assert.Single(await check.ServiceProvider.GetRequiredService<UserManager<ArFlowUser>>().GetUsersInRoleAsync("Admin"));
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount()
    {
        await using var app = await TestApp.StartAsync(Engine.Sqlite);
        app.KeyOf("locked.out", "Auditor");
        var browser = Browser(app);
        for (var i = 0; i < 4; i++)
        {
            var wrong = await SignInAsync(browser, "locked.out", "Wrong-password-1");
            Assert.Contains("The user name or password is wrong.", wrong, StringComparison.Ordinal);
            Assert.DoesNotContain("Wrong-password-1", wrong, StringComparison.Ordinal); // never echoed back into the page
        }
        // The fifth wrong password locks the account; then even the right one is refused.
        Assert.Contains("Too many failed attempts", await SignInAsync(browser, "locked.out", "Wrong-password-1"), StringComparison.Ordinal);
        var locked = await SignInAsync(browser, "locked.out", "Test-password-1");
        Assert.Contains("Too many failed attempts", locked, StringComparison.Ordinal);
        // The person's API key stops working with them.
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client(asUser: "locked.out", role: "Auditor").GetAsync("/api/customers")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/customers")).StatusCode);
        // Each attempt is in the audit trail, with the name tried.
        await using var db = app.Database.Context();
        var attempts = await db.AuditRecords.Where(r => r.Action.StartsWith("sign-in.") && r.EntityId == "locked.out").Select(r => r.Action).ToListAsync();
        Assert.Equal(["sign-in.failed", "sign-in.failed", "sign-in.failed", "sign-in.failed", "sign-in.locked-out", "sign-in.locked-out"], attempts);
    }

    [Fact]
    public async Task TwoStepVerification_AsksForTheCode_AfterThePassword()
    {
        await using var app = await TestApp.StartAsync(Engine.Sqlite);
        app.KeyOf("careful", "Auditor");
        string secret;
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ArFlowUser>>();
            var user = (await users.FindByNameAsync("careful"))!;
            await users.ResetAuthenticatorKeyAsync(user);
            secret = (await users.GetAuthenticatorKeyAsync(user))!;
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        var browser = Browser(app);
        var form = await browser.GetStringAsync("/account/sign-in");
        var answer = await PostFormAsync(browser, "/account/sign-in", form, "sign-in",
            new() { ["Input.UserName"] = "careful", ["Input.Password"] = "Test-password-1" });
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var location = answer.Headers.Location!;
        var codePage = location.IsAbsoluteUri ? location.PathAndQuery : location.ToString();
        Assert.StartsWith("/account/two-factor", codePage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/customers")).StatusCode); // not signed in yet

        var wrong = await PostFormAsync(browser, codePage, await browser.GetStringAsync(codePage), "two-factor", new() { ["Input.Code"] = "000000" });
        Assert.Contains("The code is wrong", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var right = await PostFormAsync(browser, codePage, await browser.GetStringAsync(codePage), "two-factor",
            // Identity checks codes against the real clock, as the phone does.
            new() { ["Input.Code"] = Totp(secret, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/customers")).StatusCode);
    }

    /// <summary>A client like a browser: it keeps cookies and does not follow redirects, so the test sees them.</summary>
    private static HttpClient Browser(TestApp app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<string> SignInAsync(HttpClient browser, string user, string password)
    {
        var form = await browser.GetStringAsync("/account/sign-in");
        var answer = await PostFormAsync(browser, "/account/sign-in", form, "sign-in", new() { ["Input.UserName"] = user, ["Input.Password"] = password });
        return await answer.Content.ReadAsStringAsync();
    }

    /// <summary>Posts a page's form as a browser would: its handler name and anti-forgery token included.</summary>
    private static Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string url, string page, string handler, Dictionary<string, string> fields)
    {
        var token = Token().Match(page).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "the form carries an anti-forgery token");
        fields["_handler"] = handler;
        fields["__RequestVerificationToken"] = token;
        return browser.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    /// <summary>RFC 6238 with the defaults authenticator apps use (SHA-1, 30 s, 6 digits), as a phone would compute it.</summary>
    private static string Totp(string base32Secret, DateTimeOffset now)
    {
        var key = Base32(base32Secret);
        var counter = BitConverter.GetBytes(now.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian) Array.Reverse(counter);
#pragma warning disable CA5350 // RFC 6238 authenticators use HMAC-SHA1; the test must compute what a phone computes.
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(text.TrimEnd('=').ToUpperInvariant().Select(c => Convert.ToString(alphabet.IndexOf(c), 2).PadLeft(5, '0')));
        return Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken"" value=""([^""]+)""")]
    private static partial Regex Token();
}
