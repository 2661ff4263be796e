using Microsoft.EntityFrameworkCore.Design;

namespace ArFlow.Data.Sqlite;

/// <summary>Lets `dotnet ef migrations add` build the model for SQLite without starting the app.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ArFlowDbContext>
{
    public ArFlowDbContext CreateDbContext(string[] args) => new(DatabaseLocation.Parse("design-time.db").Options());
}
