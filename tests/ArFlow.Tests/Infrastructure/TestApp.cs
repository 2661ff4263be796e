using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Features.Users;
using ArFlow.Infrastructure.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ArFlow.Tests.Infrastructure;

/// <summary>The real app over the real HTTP pipeline, on a fresh database, with a clock the test
/// moves. Today is 2026-06-30 in Shanghai unless the test moves it.</summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 6, 30, 2, 0, 0, TimeSpan.Zero);

    private readonly bool _ownsDatabase;

    private TestApp(TestDatabase database, bool ownsDatabase = true)
    {
        Database = database;
        _ownsDatabase = ownsDatabase;
    }

    /// <summary>A second server instance on this one's database (as several instances behind a load
    /// balancer are), with its own clock set to the same moment.</summary>
    public TestApp Beside()
    {
        var other = new TestApp(Database, ownsDatabase: false);
        other.Time.SetUtcNow(Time.GetUtcNow());
        foreach (var (key, value) in Settings) other.Settings[key] = value;
        return other;
    }

    public TestDatabase Database { get; }
    public FakeTimeProvider Time { get; } = new(Start);

    /// <summary>More configuration, set before the first request.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        // Tests fire requests faster than any person; RateLimitTests sets the limits it checks.
        ["ArFlow:RateLimits:ApiPerKey"] = "1000000", ["ArFlow:RateLimits:ApiPerAddress"] = "1000000", ["ArFlow:RateLimits:SignInPerAddress"] = "1000000",
        ["ArFlow:Statements:PortalRequestsPerMinute"] = "1000000",
        // Tests send the outbox by hand (OutboxSender.SendDueAsync), so they know what was sent when.
        ["ArFlow:OutboxPollSeconds"] = "0",
        // Tests post back-dated invoices for customers with old overdue items, as a ledger's history
        // would have; the credit check on posting is tested where it is turned on (CreditReviewTests).
        ["ArFlow:CreditCheckOnPosting"] = "false",
    };

    /// <summary>Where this app anchors its audit chains (a file of its own, not the shared data folder).</summary>
    public string AnchorFile { get; } = Path.Combine(Path.GetTempPath(), $"arflow-anchors-{Guid.NewGuid():N}.jsonl");

    public static async Task<TestApp> StartAsync(Engine engine) => new(await TestDatabase.CreateAsync(engine));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ArFlow:Database", Database.ConnectionString);
        builder.UseSetting("ArFlow:AuditAnchorFile", AnchorFile);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(Time));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase) await Database.DisposeAsync();
        File.Delete(AnchorFile);
    }

    /// <summary>A client that calls as an admin (through an API key) unless another person is named.</summary>
    public HttpClient Client(string language = "en-US", string? asUser = "test.admin", string role = Roles.Admin)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        if (asUser is not null) client.DefaultRequestHeaders.Add("X-Api-Key", KeyOf(asUser, role));
        return client;
    }

    /// <summary>Sends the app's email through a plain SMTP server on loopback at <paramref name="port"/>.</summary>
    public void MailThrough(int port)
    {
        Settings["ArFlow:Smtp:Host"] = "127.0.0.1";
        Settings["ArFlow:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["ArFlow:Smtp:StartTls"] = "false";
    }

    /// <summary>Gives an existing person an email address and a language, for the notices they get.</summary>
    public async Task SetEmailAsync(string user, string email, string language)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ArFlow.Data.Entities.ArFlowUser>>();
        var person = (await users.FindByNameAsync(user))!;
        person.Email = email;
        person.Language = language;
        await users.UpdateAsync(person);
    }

    /// <summary>Asks for a change that needs approval (202), has a finance manager approve it, and
    /// returns the document the approval posted.</summary>
    public async Task<JsonNode> PostApprovedAsync(HttpClient requester, string url, object body)
    {
        var request = await requester.Post(url, body, 202);
        var approver = Client(asUser: "test.manager", role: Roles.FinanceManager);
        var decided = await approver.Post($"/api/approvals/{request["id"]}/approve", new { comment = "checked" }, 200);
        Assert.Equal("approved", decided["status"].Str());
        return await approver.Get($"/api/documents/{decided["resultDocumentId"]}");
    }

    private readonly Dictionary<string, string> _keys = [];

    /// <summary>The API key of a person with that role, created on first use.</summary>
    public string KeyOf(string userName, string role)
    {
        lock (_keys)
        {
            if (_keys.TryGetValue(userName, out var key)) return key;
            using var scope = Services.CreateScope();
            var now = Time.GetUtcNow();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ArFlowUser>>();
            if (users.FindByNameAsync(userName).GetAwaiter().GetResult() is null)
                UserAccounts.AddAsync(scope.ServiceProvider, new UserAccounts.NewUser(userName, "Test-password-1", role), now).GetAwaiter().GetResult().ValueOrThrow();
            // Every area, as the person's own key: what the key may do is then what the role may do.
            var request = new ApiKeyAdmin.Request(userName, "tests", [Policies.Read, .. ApiKeyScopes.Areas]);
            key = ApiKeyAdmin.IssueAsync(scope.ServiceProvider.GetRequiredService<ArFlowDbContext>(), request, userName,
                scope.ServiceProvider.GetRequiredService<ArFlow.Infrastructure.Clock>(), CancellationToken.None).GetAwaiter().GetResult().ValueOrThrow().Key;
            _keys[userName] = key;
            return key;
        }
    }
}

public static class Http
{
    public static async Task<JsonNode> Json(this HttpResponseMessage response, int expectedStatus)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"Expected {expectedStatus}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public static async Task<JsonNode> Post(this HttpClient client, string url, object body, int expectedStatus = 201) =>
        await (await client.PostAsJsonAsync(url, body)).Json(expectedStatus);

    public static async Task<JsonNode> Put(this HttpClient client, string url, object body, int expectedStatus = 200) =>
        await (await client.PutAsJsonAsync(url, body)).Json(expectedStatus);

    public static async Task<JsonNode> Get(this HttpClient client, string url, int expectedStatus = 200) =>
        await (await client.GetAsync(url)).Json(expectedStatus);

    public static decimal Dec(this JsonNode? node) => node!.GetValue<decimal>();

    public static string Str(this JsonNode? node) => node!.GetValue<string>();

    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
