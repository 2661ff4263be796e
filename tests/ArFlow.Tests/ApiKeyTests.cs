using System.Net.Http.Json;
using ArFlow.Infrastructure.Access;
using ArFlow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ArFlow.Tests;

/// <summary>Keys an admin issues for programs: shown once, scoped (read-only, or writing by area,
/// never beyond the user's roles), expiring, revocable, every use logged.</summary>
public abstract class ApiKeyTests(Engine engine)
{
    private static HttpClient WithKey(TestApp app, string key)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static async Task<(string Key, long Id)> IssueAsync(HttpClient admin, object request, int status = 201)
    {
        var issued = await admin.Post("/api/api-keys", request, status);
        return status == 201 ? (issued["key"].Str(), issued["details"]!["id"]!.GetValue<long>()) : ("", 0);
    }

    [Fact]
    public async Task Scopes_NarrowTheKey_AndNeverWidenTheRole()
    {
        await using var app = await TestApp.StartAsync(engine);
        var admin = app.Client();
        app.KeyOf("k.clerk", Roles.ArClerk);
        await admin.Post("/api/customers", new { code = "C001", name = "Customer" });
        await admin.Post("/api/invoices", new { customerCode = "C001", number = "INV-1", issueDate = "2026-06-01", amount = 100m });

        var (readOnly, _) = await IssueAsync(admin, new { userName = "k.clerk", name = "reporting" });
        var reader = WithKey(app, readOnly);
        await reader.Get("/api/customers/C001");
        await reader.Post("/api/invoices", new { customerCode = "C001", number = "INV-2", issueDate = "2026-06-01", amount = 1m }, 403);

        var (posting, _) = await IssueAsync(admin, new { userName = "k.clerk", name = "billing", scopes = new[] { "post" } });
        var poster = WithKey(app, posting);
        await poster.Post("/api/invoices", new { customerCode = "C001", number = "INV-2", issueDate = "2026-06-01", amount = 1m });
        // Writing off is another area; issuing keys is beyond an AR clerk's role whatever the key says.
        await poster.Post("/api/write-offs", new { customerCode = "C001", number = "INV-2", reason = "x" }, 403);
        var (wide, _) = await IssueAsync(admin, new { userName = "k.clerk", name = "too wide", scopes = new[] { "users", "adjust" } });
        await WithKey(app, wide).Get("/api/api-keys", 403);

        var listed = await admin.Get("/api/api-keys");
        Assert.DoesNotContain(readOnly, listed.ToJsonString(), StringComparison.Ordinal);
        var billing = listed.AsArray().Single(k => k!["name"].Str() == "billing")!;
        Assert.Equal(["read", "post"], billing["scopes"]!.AsArray().Select(s => s.Str()));
        Assert.Equal(posting[..10], billing["prefix"].Str());
        Assert.Equal("test.admin", billing["createdBy"].Str());

        var unknown = await admin.Post("/api/api-keys", new { userName = "k.clerk", scopes = new[] { "everything" } }, 400);
        Assert.Contains("scopes", unknown.ToJsonString(), StringComparison.Ordinal);
        // Deciding approvals in someone else's name: only a key for oneself may.
        await IssueAsync(admin, new { userName = "k.clerk", scopes = new[] { "approve" } }, 400);
        await IssueAsync(admin, new { userName = "test.admin", scopes = new[] { "approve" } });
    }

    [Fact]
    public async Task ExpiredAndRevokedKeys_AreRefused_AndEveryUseIsLogged()
    {
        await using var app = await TestApp.StartAsync(engine);
        var admin = app.Client();
        app.KeyOf("k.clerk", Roles.ArClerk);
        var (expiring, expiringId) = await IssueAsync(admin, new { userName = "k.clerk", expiresAt = TestApp.Start.AddDays(1) });
        var (revoked, revokedId) = await IssueAsync(admin, new { userName = "k.clerk" });
        await IssueAsync(admin, new { userName = "k.clerk", expiresAt = TestApp.Start.AddDays(-1) }, 400);

        await WithKey(app, expiring).Get("/api/customers");
        await WithKey(app, expiring).Post("/api/invoices", new { customerCode = "C001" }, 403);
        await WithKey(app, revoked).Get("/api/customers");
        var after = await admin.Post($"/api/api-keys/{revokedId}/revoke", new { }, 200);
        Assert.Equal("revoked", after["status"].Str());
        var refused = await WithKey(app, revoked).Get("/api/customers", 401);
        Assert.Equal("The API key was revoked.", refused["title"].Str());
        app.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal("The API key has expired.", (await WithKey(app, expiring).Get("/api/customers", 401))["title"].Str());
        await admin.Post("/api/api-keys/999999/revoke", new { }, 404);

        await app.Services.GetRequiredService<ApiKeyUseLog>().FlushAsync(CancellationToken.None);
        var uses = await admin.Get($"/api/api-keys/{expiringId}/uses");
        Assert.Equal([401, 403, 200], uses["items"]!.AsArray().Select(u => u!["status"]!.GetValue<int>()));
        Assert.Equal(["GET", "POST", "GET"], uses["items"]!.AsArray().Select(u => u!["method"].Str()));
        Assert.All(uses["items"]!.AsArray(), u => Assert.StartsWith("/api/", u!["path"].Str(), StringComparison.Ordinal));
        var listed = (await admin.Get("/api/api-keys")).AsArray();
        Assert.Equal("expired", listed.Single(k => k!["id"]!.GetValue<long>() == expiringId)!["status"].Str());
        Assert.NotNull(listed.Single(k => k!["id"]!.GetValue<long>() == expiringId)!["lastUsedAt"]);
        Assert.Equal([401, 200], (await admin.Get($"/api/api-keys/{revokedId}/uses"))["items"]!.AsArray().Select(u => u!["status"]!.GetValue<int>()));

        // Issuing and revoking are in the audit trail, with who did it.
        var auditor = app.Client(asUser: "k.auditor", role: Roles.Auditor);
        var trail = await auditor.Get("/api/audit?entity=api-key&pageSize=100");
        Assert.Contains(trail["items"]!.AsArray(), r => r!["action"].Str() == "api-key.updated" && r["actor"].Str() == "test.admin" && r["after"]!["revokedAt"] is not null);
    }

    [Fact]
    public async Task TheCommand_IssuesAScopedExpiringKey_AndRevokesIt()
    {
        await using var app = await TestApp.StartAsync(engine);
        app.KeyOf("k.clerk", Roles.ArClerk);
        var db = app.Database.ConnectionString;
        var issued = await CliRunner.RunAsync(["users", "api-key", "k.clerk", "--name", "erp", "--scope", "post", "--expires", "2027-06-30", "--db", db]);
        Assert.True(issued.ExitCode == 0, issued.Stderr);
        var key = issued.Stdout.Trim();
        await WithKey(app, key).Post("/api/customers", new { code = "C009", name = "Nine" }, 403);
        var listed = (await app.Client().Get("/api/api-keys")).AsArray().Single(k => k!["name"].Str() == "erp")!;
        Assert.Equal(["read", "post"], listed["scopes"]!.AsArray().Select(s => s.Str()));
        // The day ends the key at its start on the company's clock (Shanghai).
        Assert.Equal(new DateTimeOffset(2027, 6, 30, 0, 0, 0, TimeSpan.FromHours(8)), DateTimeOffset.Parse(listed["expiresAt"].Str(), System.Globalization.CultureInfo.InvariantCulture));

        var bad = await CliRunner.RunAsync(["users", "api-key", "k.clerk", "--scope", "approve", "--db", db]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--scopes", bad.Stderr, StringComparison.Ordinal);
        var revoke = await CliRunner.RunAsync(["users", "revoke-key", listed["id"]!.ToString(), "--db", db]);
        Assert.True(revoke.ExitCode == 0, revoke.Stderr);
        await WithKey(app, key).Get("/api/customers", 401);
        Assert.Equal(2, (await CliRunner.RunAsync(["users", "revoke-key", "999999", "--db", db])).ExitCode);
    }
}

public sealed class SqliteApiKeyTests() : ApiKeyTests(Engine.Sqlite);

public sealed class PostgresApiKeyTests() : ApiKeyTests(Engine.Postgres);
