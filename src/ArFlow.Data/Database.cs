using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Data;

/// <summary>Where the data lives: a SQLite file (the default) or a PostgreSQL server.</summary>
public sealed record DatabaseLocation(DatabaseEngine Engine, string ConnectionString)
{
    /// <summary>Reads what a user writes after --db or in configuration: a file path, a SQLite
    /// connection string, or a PostgreSQL connection string/URL.</summary>
    public static DatabaseLocation Parse(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var v = value.Trim();
        if (v.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || v.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return new(DatabaseEngine.Postgres, WithoutJit(FromUrl(new Uri(v))));
        if (v.Contains("Host=", StringComparison.OrdinalIgnoreCase) || v.Contains("Server=", StringComparison.OrdinalIgnoreCase))
            return new(DatabaseEngine.Postgres, WithoutJit(v));
        var builder = v.Contains('=') ? new SqliteConnectionStringBuilder(v) : new SqliteConnectionStringBuilder { DataSource = v };
        builder.Pooling = true;
        return new(DatabaseEngine.Sqlite, builder.ToString());
    }

    /// <summary>PostgreSQL's JIT compiles a report query for longer than the query then runs
    /// (≈ 180 ms on the ageing); ArFlow's queries are short, so sessions turn it off unless the
    /// connection string sets it.</summary>
    private static string WithoutJit(string connectionString)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (b.Options?.Contains("jit", StringComparison.OrdinalIgnoreCase) != true) b.Options = ((b.Options ?? "") + " -c jit=off").Trim();
        return b.ToString();
    }

    private static string FromUrl(Uri url)
    {
        var userInfo = url.UserInfo.Split(':', 2);
        var b = new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.Port > 0 ? url.Port : 5432,
            Database = url.AbsolutePath.Trim('/'),
            Username = Uri.UnescapeDataString(userInfo[0]),
        };
        if (userInfo.Length > 1) b.Password = Uri.UnescapeDataString(userInfo[1]);
        return b.ToString();
    }

    /// <summary>The SQLite file, for creating its folder; null on PostgreSQL or in memory.</summary>
    public string? SqliteFile => Engine == DatabaseEngine.Sqlite
        && new SqliteConnectionStringBuilder(ConnectionString).DataSource is { Length: > 0 } f && f != ":memory:" ? f : null;

    public void Configure(DbContextOptionsBuilder options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Engine == DatabaseEngine.Postgres)
            options.UseNpgsql(ConnectionString, o => o.MigrationsAssembly("ArFlow.Data.Postgres"));
        else
            options.UseSqlite(ConnectionString, o => o.MigrationsAssembly("ArFlow.Data.Sqlite"))
                .AddInterceptors(SqlitePragmas.Instance);
        options.UseSnakeCaseNamingConvention();
    }

    public DbContextOptions<ArFlowDbContext> Options()
    {
        var builder = new DbContextOptionsBuilder<ArFlowDbContext>();
        Configure(builder);
        return builder.Options;
    }

    /// <summary>Creates the SQLite file's folder and applies every pending migration.</summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        if (SqliteFile is { } file && Path.GetDirectoryName(Path.GetFullPath(file)) is { } dir) Directory.CreateDirectory(dir);
        await using var db = new ArFlowDbContext(Options());
        await db.Database.MigrateAsync(ct);
    }
}
