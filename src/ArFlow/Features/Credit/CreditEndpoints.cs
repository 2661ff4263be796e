using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;

namespace ArFlow.Features.Credit;

public static class CreditEndpoints
{
    public static void MapCreditEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/customers/{code}/credit").WithTags("Credit");
        group.MapGet("/", async (ArFlowDbContext db, string code, DateOnly? asOf, Clock clock, CancellationToken ct) =>
                await CreditFile.GetAsync(db, code, asOf ?? clock.Today, ct) is { } file
                    ? TypedResults.Ok(file)
                    : new DomainError(ErrorCodes.UnknownCustomer, "code", code).ToProblem(notFound: true))
            .WithName("GetCreditFile").WithSummary("The credit file as of a date (default today): registration, statements with ratios, reports, payment behaviour, exposure, score with its reasons.");
        group.MapPut("/profile", async (ArFlowDbContext db, string code, CreditFile.ProfileRequest r, Clock clock, CancellationToken ct) =>
                Answer(await CreditFile.SaveProfileAsync(db, code, r, clock, ct)))
            .WithName("SaveCreditProfile").RequireAuthorization(Policies.MasterData).WithSummary("Registration data: founding date, registered capital, industry, region.");
        group.MapPut("/statements/{year:int}", async (ArFlowDbContext db, string code, int year, CreditFile.StatementRequest r, Clock clock, CancellationToken ct) =>
                Answer(await CreditFile.SaveStatementAsync(db, code, year, r, clock, ct)))
            .WithName("SaveFinancialStatement").RequireAuthorization(Policies.MasterData).WithSummary("Enters or corrects one year's financial statement; answers it with its ratios.");
        group.MapPost("/reports", async (ArFlowDbContext db, string code, CreditFile.ReportRequest r, Clock clock, CancellationToken ct) =>
            {
                var added = await CreditFile.AddReportAsync(db, code, r, clock, ct);
                return added.IsSuccess ? TypedResults.Created($"/api/customers/{code}/credit", added.Value) : Answer(added);
            })
            .WithName("AddCreditReport").RequireAuthorization(Policies.MasterData).WithSummary("Records a third-party credit report: provider, date, rating, score, lawsuits and enforcement records.");
    }

    public static void MapCreditCheckEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/credit/check", async (ArFlowDbContext db, RunCreditCheck.Request r, Clock clock, CancellationToken ct) =>
                Answer(await RunCreditCheck.Handle(db, r, clock, ct)))
            .WithTags("Credit").WithName("CreditCheck")
            .WithSummary("Pass, warn or block for a customer and a proposed amount, with the reasons: exposure against the limit, overdue beyond the grade's tolerance, hold or block.");

    private static IResult Answer<T>(Result<T> result) =>
        result.IsSuccess ? TypedResults.Ok(result.Value) : result.Errors.ToProblem(notFound: result.Errors[0].Code == ErrorCodes.UnknownCustomer);
}
