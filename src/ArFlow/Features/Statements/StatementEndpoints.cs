using ArFlow.Data;
using ArFlow.Infrastructure;

namespace ArFlow.Features.Statements;

public static class StatementEndpoints
{
    public static void MapStatementEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/statements", async (ArFlowDbContext db, string? customer, DateOnly? from, DateOnly? to, CancellationToken ct) =>
                (await StatementQuery.RunAsync(db, customer, from, to, ct)).ToHttp(s => TypedResults.Ok(s)))
            .WithTags("Reports").WithName("Statement")
            .WithSummary("Statement of account for a customer and period: opening balance, movements, closing balance, open items.");
        app.MapGet("/api/customers/{code}/open-items", async (ArFlowDbContext db, Clock clock, string code, DateOnly? asOf, CancellationToken ct) =>
            {
                var date = asOf ?? clock.Today;
                return (await StatementQuery.RunAsync(db, code, date, date, ct)).ToHttp(s => TypedResults.Ok(
                    s.Currencies.Select(c => new { c.Currency, Balance = c.ClosingBalance, c.OpenItems })));
            })
            .WithTags("Customers").WithName("CustomerOpenItems").WithSummary("What a customer has open as of a date (default today).");
    }
}
