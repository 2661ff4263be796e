using System.Diagnostics;

namespace ArFlow.Data;

/// <summary>Traces the SQL that bypasses EF Core (reports, bulk paths), so operators see it beside
/// EF's own command events and tests can count the queries a report issues.</summary>
public static class Telemetry
{
    public static readonly ActivitySource Sql = new("ArFlow.Sql");

    public static Activity? StartCommand(string name, System.Data.Common.DbCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var activity = Sql.StartActivity(name, ActivityKind.Client);
        activity?.SetTag("db.name", command.Connection?.Database is { Length: > 0 } d ? d : command.Connection?.DataSource);
        activity?.SetTag("db.statement", command.CommandText);
        return activity;
    }
}
