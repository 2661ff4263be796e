using ArFlow.Data;
using ArFlow.Domain.Audit;
using ArFlow.Features.Audit;
using ArFlow.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace ArFlow.Tests;

/// <summary>The audit trail and the ledger are hash chains: whoever edits, deletes or reorders rows
/// directly in the database (after lifting the append-only triggers, as the database's owner can)
/// is found by `audit verify`, at the first record touched.</summary>
public abstract class AuditTrailTests(Engine engine)
{
    /// <summary>A small ledger written through the API: every change in it audited and sealed.</summary>
    private static async Task<TestApp> StartAsync(Engine engine)
    {
        var app = await TestApp.StartAsync(engine);
        var client = app.Client();
        await client.Post("/api/customers", new { code = "C001", name = "Customer" });
        for (var i = 1; i <= 3; i++)
            await client.Post("/api/invoices", new { customerCode = "C001", number = $"INV-{i}", issueDate = "2026-06-01", amount = 100m * i });
        await client.Post("/api/receipts", new { customerCode = "C001", number = "RC-1", date = "2026-06-10", amount = 250m, autoAllocate = true });
        await client.Post("/api/customers", new { code = "C002", name = "Second customer" });
        return app;
    }

    private static async Task<VerifyAudit.Report> VerifyAsync(TestApp app)
    {
        await using var db = app.Database.Context();
        return await VerifyAudit.Handle(db, app.AnchorFile, CancellationToken.None);
    }

    private async Task TamperAsync(ArFlowDbContext db, string sql)
    {
        if (engine == Engine.Postgres)
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE audit_records DISABLE TRIGGER USER; ALTER TABLE ledger_entries DISABLE TRIGGER USER;");
        else
            await db.Database.ExecuteSqlRawAsync("""
                DROP TRIGGER audit_records_append_only_update; DROP TRIGGER audit_records_append_only_delete;
                DROP TRIGGER ledger_entries_append_only_update; DROP TRIGGER ledger_entries_append_only_delete;
                """);
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    [Fact]
    public async Task AnUntouchedDatabase_Verifies_AndTheDatabaseRefusesEditsAndDeletes()
    {
        await using var app = await StartAsync(engine);
        var report = await VerifyAsync(app);
        Assert.True(report.Ok, $"{report}");
        Assert.True(report.Ledger.Verified >= 6, "three invoices, a receipt and its allocations");
        Assert.True(report.Audit.Verified >= 8);
        await using var db = app.Database.Context();
        Assert.ThrowsAny<Exception>(() => db.Database.ExecuteSqlRaw("UPDATE audit_records SET actor = 'someone else' WHERE id = 1"));
        Assert.ThrowsAny<Exception>(() => db.Database.ExecuteSqlRaw("DELETE FROM audit_records WHERE id = 1"));
        Assert.ThrowsAny<Exception>(() => db.Database.ExecuteSqlRaw("DELETE FROM ledger_entries WHERE id = 1"));
        Assert.ThrowsAny<Exception>(() => db.Database.ExecuteSqlRaw("UPDATE ledger_entries SET amount = 1 WHERE id = 1"));
    }

    [Theory]
    [InlineData("edit")]
    [InlineData("delete")]
    [InlineData("reorder")]
    public async Task TamperedAuditRecords_AreFound_WithTheFirstRecordTouched(string tampering)
    {
        await using var app = await StartAsync(engine);
        await using var db = app.Database.Context();
        var target = await db.AuditRecords.Where(r => r.Action == "document.posted").OrderBy(r => r.Id).Select(r => r.Id).Skip(1).FirstAsync();
        var (sql, faultAt, why) = tampering switch
        {
            "edit" => ($"UPDATE audit_records SET after = replace(after, '200', '20') WHERE id = {target}", target, ChainBreak.ContentChanged),
            "delete" => ($"DELETE FROM audit_records WHERE id = {target}", target + 1, ChainBreak.LinkBroken),
            // Swap two neighbours' places (their ids), as if history were rearranged.
            _ => ($"UPDATE audit_records SET id = -1 WHERE id = {target}; UPDATE audit_records SET id = {target} WHERE id = {target + 1}; UPDATE audit_records SET id = {target + 1} WHERE id = -1;",
                target, ChainBreak.LinkBroken),
        };
        await TamperAsync(db, sql);
        var report = await VerifyAsync(app);
        Assert.False(report.Ok);
        Assert.Equal(faultAt, report.Audit.FaultId);
        Assert.Equal(VerifyAudit.Code(why), report.Audit.Fault);
        Assert.Null(report.Ledger.FaultId);
    }

    [Theory]
    [InlineData("document")]
    [InlineData("entry")]
    [InlineData("delete")]
    public async Task TamperedLedger_IsFound_AtTheEntryTouched(string tampering)
    {
        await using var app = await StartAsync(engine);
        await using var db = app.Database.Context();
        var invoice = await db.Documents.Where(d => d.Number == "INV-2").Select(d => d.Id).SingleAsync();
        var entry = await db.LedgerEntries.Where(e => e.DocumentId == invoice).Select(e => e.Id).SingleAsync();
        var (sql, faultAt) = tampering switch
        {
            // The document behind the entry: its amount is not in the entry's row but is in its hash.
            "document" => ($"UPDATE documents SET amount = amount + 10000 WHERE id = {invoice}", entry),
            "entry" => ($"UPDATE ledger_entries SET amount = amount + 10000 WHERE id = {entry}", entry),
            _ => ($"DELETE FROM ledger_entries WHERE id = {entry}", entry + 1),
        };
        await TamperAsync(db, sql);
        var report = await VerifyAsync(app);
        Assert.False(report.Ok);
        Assert.Equal(faultAt, report.Ledger.FaultId);
    }

    [Fact]
    public async Task CuttingOffTheEnd_IsFound_ThroughTheAnchor()
    {
        await using var app = await StartAsync(engine);
        await using var db = app.Database.Context();
        var anchor = await AuditAnchors.WriteAsync(db, app.AnchorFile, NullLogger.Instance, app.Time.GetUtcNow(), CancellationToken.None);
        Assert.NotNull(anchor);
        var last = await db.AuditRecords.MaxAsync(r => r.Id);
        Assert.Equal(last, anchor.AuditId);
        await TamperAsync(db, $"DELETE FROM audit_records WHERE id = {last}");
        var report = await VerifyAsync(app);
        Assert.False(report.Ok);
        Assert.Equal(last, report.Audit.FaultId);
        Assert.Equal("audit.anchor_mismatch", report.Audit.Fault);
    }

    [Fact]
    public async Task TheAuditor_SearchesByDayPersonAndAction_AndExportsAreRecorded()
    {
        await using var app = await StartAsync(engine);
        app.Time.Advance(TimeSpan.FromDays(2));
        var clerk = app.Client(asUser: "a.clerk", role: ArFlow.Infrastructure.Access.Roles.ArClerk);
        await clerk.Post("/api/customers", new { code = "C003", name = "Third customer" });
        var csv = await clerk.GetAsync(new Uri("/api/ageing?format=csv&asOf=2026-07-02", UriKind.Relative));
        Assert.Equal(200, (int)csv.StatusCode);
        var auditor = app.Client(asUser: "a.auditor", role: ArFlow.Infrastructure.Access.Roles.Auditor);

        // Days are the company's: 2026-06-30 is the start's day in Shanghai, and the clerk acted two days later.
        var first = await auditor.Get("/api/audit?from=2026-06-30&to=2026-06-30&pageSize=500");
        var later = await auditor.Get("/api/audit?from=2026-07-02&pageSize=500");
        Assert.All(first["items"]!.AsArray(), r => Assert.Contains(r!["actor"].Str(), new[] { "test.admin", "system" }));
        Assert.Contains(first["items"]!.AsArray(), r => r!["action"].Str() == "customer.created" && r["after"]!["code"].Str() == "C001");
        var laterActors = later["items"]!.AsArray().Select(r => r!["actor"].Str()).ToList();
        Assert.Contains("a.clerk", laterActors);
        Assert.DoesNotContain("test.admin", laterActors);
        Assert.Equal(first["total"]!.GetValue<int>() + later["total"]!.GetValue<int>(), (await auditor.Get("/api/audit"))["total"]!.GetValue<int>());

        var byCustomer = await auditor.Get("/api/audit?customer=C003&action=customer");
        Assert.Equal("customer.created", byCustomer["items"]![0]!["action"].Str());
        var exported = await auditor.Get("/api/audit?action=data.exported&actor=a.clerk");
        var export = Assert.Single(exported["items"]!.AsArray())!;
        Assert.Equal("ageing-2026-07-02.csv", export["entityId"].Str());
        Assert.Equal("api", export["channel"].Str());
        Assert.Equal("2026-07-02", export["after"]!["asOf"].Str());
        Assert.True((await VerifyAsync(app)).Ok);
    }

    [Fact]
    public async Task TheCommand_PrintsTheFault_AsJson_AndExitsWithOne()
    {
        await using var app = await StartAsync(engine);
        await using var db = app.Database.Context();
        var target = await db.AuditRecords.OrderBy(r => r.Id).Select(r => r.Id).Skip(3).FirstAsync();
        var clean = await CliRunner.RunAsync("audit", "verify", "--format", "json", "--db", app.Database.ConnectionString);
        Assert.True(clean.ExitCode == 0, clean.Stdout + clean.Stderr);
        await TamperAsync(db, $"UPDATE audit_records SET actor = 'nobody' WHERE id = {target}");
        var found = await CliRunner.RunAsync("audit", "verify", "--format", "json", "--db", app.Database.ConnectionString);
        Assert.Equal(1, found.ExitCode);
        var json = System.Text.Json.Nodes.JsonNode.Parse(found.Stdout)!;
        Assert.False(json["ok"]!.GetValue<bool>());
        Assert.Equal(target, json["audit"]!["faultId"]!.GetValue<long>());
        var text = await CliRunner.RunAsync("audit", "verify", "--db", app.Database.ConnectionString, "--lang", "zh-CN");
        Assert.Contains($"第 {target} 号记录校验失败", text.Stdout, StringComparison.Ordinal);
    }
}

public sealed class SqliteAuditTrailTests() : AuditTrailTests(Engine.Sqlite);

public sealed class PostgresAuditTrailTests() : AuditTrailTests(Engine.Postgres);

/// <summary>What a command line puts in the audit trail.</summary>
public sealed class CommandActorTests
{
    [Fact]
    public void ACommand_IsRecordedWithoutThePasswordOfItsDatabase()
    {
        var actor = ArFlow.Infrastructure.Access.Actors.Command(
            ["audit", "verify", "--db", "Host=db;Username=arflow;Password=s3cret;Database=arflow"]);
        Assert.Equal("cli", actor.Channel);
        Assert.Equal(Environment.UserName, actor.Name);
        Assert.Contains("arflow audit verify --db Host=db;Username=arflow;Password=***;Database=arflow", actor.Source, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", Actors(["--db", "postgres://arflow:s3cret@db/arflow"]), StringComparison.Ordinal);
    }

    private static string Actors(string[] tokens) => ArFlow.Infrastructure.Access.Actors.Command(tokens).Source!;
}
