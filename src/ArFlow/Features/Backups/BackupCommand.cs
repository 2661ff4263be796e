using System.CommandLine;
using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Backups;

/// <summary>`arflow backup --to FILE` copies a SQLite database while the server keeps running
/// (SQLite's online backup: a consistent snapshot, writers are not stopped); `arflow restore --from
/// FILE` brings one back into an empty database and upgrades its schema. PostgreSQL has its own tools
/// for this (pg_dump / pg_restore, see docs/operations.md); the commands say so there.</summary>
public static class BackupCommand
{
    private static readonly Option<FileInfo> To = new("--to") { Description = "The backup file to write (must not exist)", Required = true };
    private static readonly Option<FileInfo> From = new("--from") { Description = "The backup file to restore", Required = true };
    private static readonly Option<string?> Format = new("--format") { Description = "text or json" };

    public static Command BuildBackup()
    {
        var command = new Command("backup", "Copy the SQLite database into a file while ArFlow keeps running") { To, Format };
        command.SetAction(async (parse, ct) =>
        {
            var format = parse.GetValue(Format);
            await using var services = Cli.Services(parse);
            var location = DatabaseLocation.Parse(services.GetRequiredService<ArFlowOptions>().Database);
            var target = parse.GetValue(To)!;
            if (location.Engine != DatabaseEngine.Sqlite) return Cli.Refuse([new DomainError(ErrorCodes.UsePostgresTools, "--db", "pg_dump -Fc")], format);
            if (target.Exists) return Cli.Refuse([new DomainError(ErrorCodes.FileExists, "--to", target.FullName)], format);
            await Cli.MigrateAsync(services, ct);
            await using (var source = new SqliteConnection(location.ConnectionString))
            await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target.FullName, Pooling = false }.ToString()))
            {
                await source.OpenAsync(ct);
                await copy.OpenAsync(ct);
                source.BackupDatabase(copy);
            }
            var counts = await CountAsync(new DatabaseLocation(DatabaseEngine.Sqlite, $"Data Source={target.FullName};Pooling=False"), ct);
            Report(format, "cli.backup_done", target.FullName, counts);
            return Cli.Ok;
        });
        return command;
    }

    public static Command BuildRestore()
    {
        var command = new Command("restore", "Restore a backup into an empty SQLite database (the one --db names)") { From, Format };
        command.SetAction(async (parse, ct) =>
        {
            var format = parse.GetValue(Format);
            await using var services = Cli.Services(parse);
            var location = DatabaseLocation.Parse(services.GetRequiredService<ArFlowOptions>().Database);
            var backup = parse.GetValue(From)!;
            if (location.Engine != DatabaseEngine.Sqlite) return Cli.Refuse([new DomainError(ErrorCodes.UsePostgresTools, "--db", "pg_restore")], format);
            if (!backup.Exists) return Cli.Refuse([new DomainError(ErrorCodes.UnreadableFile, "--from", backup.FullName)], format);
            var source = new DatabaseLocation(DatabaseEngine.Sqlite, new SqliteConnectionStringBuilder { DataSource = backup.FullName, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            if (!await IsArFlowDatabaseAsync(source, ct)) return Cli.Refuse([new DomainError(ErrorCodes.NotABackup, "--from", backup.FullName)], format);
            // Never over data: restoring into a database that has customers or documents would lose them.
            await Cli.MigrateAsync(services, ct);
            var before = await CountAsync(location, ct);
            if (before.Customers + before.Documents > 0) return Cli.Refuse([new DomainError(ErrorCodes.DatabaseNotEmpty, "--db")], format);
            SqliteConnection.ClearAllPools();
            await using (var from = new SqliteConnection(source.ConnectionString))
            await using (var into = new SqliteConnection(location.ConnectionString))
            {
                await from.OpenAsync(ct);
                await into.OpenAsync(ct);
                from.BackupDatabase(into);
            }
            await location.MigrateAsync(ct); // a backup from an older version gets this version's schema
            Report(format, "cli.restore_done", backup.FullName, await CountAsync(location, ct));
            return Cli.Ok;
        });
        return command;
    }

    private sealed record Counts(int Customers, int Documents, int Users);

    private static async Task<Counts> CountAsync(DatabaseLocation location, CancellationToken ct)
    {
        await using var db = new ArFlowDbContext(location.Options());
        return new Counts(await db.Customers.CountAsync(ct), await db.Documents.CountAsync(ct), await db.Users.CountAsync(ct));
    }

    private static async Task<bool> IsArFlowDatabaseAsync(DatabaseLocation location, CancellationToken ct)
    {
        try
        {
            await using var db = new ArFlowDbContext(location.Options());
            return (await db.Database.GetAppliedMigrationsAsync(ct)).Any();
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private static void Report(string? format, string message, string file, Counts counts)
    {
        if (format == "json") Cli.WriteJson(new { file, counts.Customers, counts.Documents, counts.Users });
        else Console.WriteLine(Text.Ui(message, file, counts.Customers, counts.Documents, counts.Users));
    }
}
