using System.Diagnostics;

namespace ArFlow.Data;

/// <summary>Traces the SQL that bypasses EF Core (reports, bulk paths), so operators see it beside
/// EF's own command events and tests can count the queries a report issues.</summary>
public static class Telemetry
{
    public static readonly ActivitySource Sql = new("ArFlow.Sql");

    /// <summary>Which database a connection talks to: the database on PostgreSQL, the file on SQLite
    /// (whose Database is always "main").</summary>
    public static string? DatabaseName(System.Data.Common.DbConnection? connection) =>
        connection is Npgsql.NpgsqlConnection ? connection.Database : connection?.DataSource;

    public static Activity? StartCommand(string name, System.Data.Common.DbCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var activity = Sql.StartActivity(name, ActivityKind.Client);
        activity?.SetTag("db.name", DatabaseName(command.Connection));
        activity?.SetTag("db.statement", command.CommandText);
        return activity;
    }
}
