using Microsoft.EntityFrameworkCore.Design;

namespace ArFlow.Data.Postgres;

/// <summary>Lets `dotnet ef migrations add` build the model for PostgreSQL without a server.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ArFlowDbContext>
{
    public ArFlowDbContext CreateDbContext(string[] args) => new(DatabaseLocation.Parse("Host=localhost;Database=arflow_design").Options());
}
