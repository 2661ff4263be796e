using System.Text.Json.Nodes;
using ArFlow.Tests.Infrastructure;

namespace ArFlow.Tests;

/// <summary>`arflow backup` and `arflow restore` on real SQLite files: what comes back has the same
/// balances, the same accounts, and nothing is ever written over.</summary>
public sealed class BackupTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arflow-backup-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Path(string name) => System.IO.Path.Combine(_dir, name);

    [Fact]
    public async Task Backup_ThenRestore_GivesTheSameLedger_AndNeverOverwrites()
    {
        var live = Path("live.db");
        Assert.Equal(0, (await CliRunner.RunAsync("demo", "--customers", "8", "--invoices", "80", "--db", live)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("audit", "anchor", "--db", live)).ExitCode);

        // A reader holds the live database open, as a running server would.
        await using var reader = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={live}");
        await reader.OpenAsync();
        var backup = await CliRunner.RunAsync("backup", "--to", Path("copy.arflow"), "--db", live, "--format", "json");
        Assert.True(backup.ExitCode == 0, backup.Stderr);
        var counts = JsonNode.Parse(backup.Stdout)!;
        Assert.Equal(8, counts["customers"]!.GetValue<int>());
        Assert.True(counts["users"]!.GetValue<int>() >= 7, "the demo's accounts are in the backup");

        var again = await CliRunner.RunAsync("backup", "--to", Path("copy.arflow"), "--db", live);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("exists already", again.Stderr, StringComparison.Ordinal);

        var restored = Path("restored.db");
        var restore = await CliRunner.RunAsync("restore", "--from", Path("copy.arflow"), "--db", restored);
        Assert.True(restore.ExitCode == 0, restore.Stderr);
        var asOf = "2026-06-30";
        var original = await CliRunner.RunAsync("report", "ageing", "--as-of", asOf, "--format", "json", "--db", live);
        var copy = await CliRunner.RunAsync("report", "ageing", "--as-of", asOf, "--format", "json", "--db", restored);
        Assert.Equal(0, original.ExitCode);
        Assert.Equal(original.Stdout, copy.Stdout);

        // The restored audit trail and ledger verify, against the anchors the live database wrote before the backup.
        File.Copy(live + ".anchors.jsonl", restored + ".anchors.jsonl");
        var verify = await CliRunner.RunAsync("audit", "verify", "--format", "json", "--db", restored);
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
        var report = JsonNode.Parse(verify.Stdout)!;
        Assert.True(report["ok"]!.GetValue<bool>());
        Assert.Equal(1, report["anchorsChecked"]!.GetValue<int>());
        Assert.True(report["ledger"]!["verified"]!.GetValue<long>() >= 80, "every ledger entry of the demo verified");

        var over = await CliRunner.RunAsync("restore", "--from", Path("copy.arflow"), "--db", restored, "--lang", "zh-CN");
        Assert.Equal(2, over.ExitCode);
        Assert.Contains("只能恢复到空数据库", over.Stderr, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path("notes.txt"), "not a database");
        var junk = await CliRunner.RunAsync("restore", "--from", Path("notes.txt"), "--db", Path("other.db"));
        Assert.Equal(2, junk.ExitCode);
        Assert.Contains("is not an ArFlow database", junk.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnPostgres_TheCommandsPointToPgDump()
    {
        await using var db = await TestDatabase.CreateAsync(Engine.Postgres);
        var result = await CliRunner.RunAsync("backup", "--to", Path("pg.arflow"), "--db", db.ConnectionString);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("pg_dump", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path("pg.arflow")));
    }
}
