using ArFlow.Data;
using Npgsql;

namespace ArFlow.Tests.Infrastructure;

public enum Engine { Sqlite, Postgres }

/// <summary>A fresh, empty database for one test: a temporary SQLite file, or a new database on the
/// PostgreSQL server named by ARFLOW_TEST_POSTGRES (the test script starts one on loopback).</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "ARFLOW_TEST_POSTGRES";

    private readonly string? _sqliteFile;
    private readonly string? _postgresName;

    private TestDatabase(string connectionString, string? sqliteFile, string? postgresName)
    {
        ConnectionString = connectionString;
        _sqliteFile = sqliteFile;
        _postgresName = postgresName;
    }

    public string ConnectionString { get; }

    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } s ? s : null;

    /// <summary>Skips the test, saying why, when PostgreSQL was asked for and no server is configured
    /// (CI sets ARFLOW_REQUIRE_POSTGRES so that there it fails instead).</summary>
    public static async Task<TestDatabase> CreateAsync(Engine engine)
    {
        if (engine == Engine.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), "arflow-tests", $"{Guid.NewGuid():N}.db");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var db = new TestDatabase($"Data Source={file}", file, null);
            await DatabaseLocation.Parse(db.ConnectionString).MigrateAsync();
            return db;
        }
        if (PostgresServer is not { } server)
        {
            if (Environment.GetEnvironmentVariable("ARFLOW_REQUIRE_POSTGRES") == "1")
                throw new InvalidOperationException($"{PostgresVariable} is not set but ARFLOW_REQUIRE_POSTGRES=1.");
            Assert.Skip($"PostgreSQL skipped: no server configured ({PostgresVariable}); scripts/test.sh starts one.");
            throw new System.Diagnostics.UnreachableException();
        }
        var name = $"arflow_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await cmd.ExecuteNonQueryAsync();
        }
        var pg = new TestDatabase(new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString(), null, name);
        await DatabaseLocation.Parse(pg.ConnectionString).MigrateAsync();
        return pg;
    }

    public ArFlowDbContext Context() => new(DatabaseLocation.Parse(ConnectionString).Options());

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
                if (File.Exists(f)) File.Delete(f);
        }
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(PostgresServer);
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", admin);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
