using System.Security.Claims;
using ArFlow.Data;
using ArFlow.Domain.Credit;
using ArFlow.Domain.Errors;
using ArFlow.Features.Approvals;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Credit;

public static class CreditEndpoints
{
    public sealed record ReviewRequest(string? Grade, decimal? CreditLimit, string? DefaultTerms, string? Note = null, string? Reason = null);

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
        group.MapPost("/reports/{id:long}/file", async (ArFlowDbContext db, string code, long id, IFormFile? file, CancellationToken ct) =>
            {
                if (file is null) return new DomainError(ErrorCodes.Required, "file").ToProblem();
                await using var content = file.OpenReadStream();
                return Answer(await CreditFile.AttachReportFileAsync(db, code, id, file.FileName, file.ContentType, content, file.Length, ct));
            })
            .DisableAntiforgery().WithName("AttachCreditReportFile").RequireAuthorization(Policies.MasterData)
            .WithSummary("Attaches the report's file (multipart field 'file', at most 10 MB), replacing an earlier one.");
        group.MapGet("/reports/{id:long}/file", async (ArFlowDbContext db, string code, long id, CancellationToken ct) =>
                await db.CreditReports.AsNoTracking().Where(r => r.Id == id && r.Content != null && db.Customers.Any(c => c.Id == r.CustomerId && c.Code == code))
                    .Select(r => new { r.Content, r.ContentType, r.FileName }).SingleOrDefaultAsync(ct) is { } f
                    ? TypedResults.File(f.Content!, f.ContentType, f.FileName)
                    : new DomainError(ErrorCodes.UnknownCustomer, "code", code).ToProblem(notFound: true))
            .WithName("GetCreditReportFile").WithSummary("The report's attached file.");
        group.MapGet("/predictions", async (ArFlowDbContext db, string code, ArFlowOptions options, Clock clock, CancellationToken ct) =>
                await db.Customers.AnyAsync(c => c.Code == code, ct)
                    ? TypedResults.Ok(await Prediction.PaymentPredictions.ForOpenAsync(db, code, options, clock, ct))
                    : new DomainError(ErrorCodes.UnknownCustomer, "code", code).ToProblem(notFound: true))
            .WithName("PaymentPredictions").WithSummary("For each open invoice: the probability of being paid late and the expected payment date, and whether the model or the customer's history says so.");
        group.MapGet("/reviews", async (ArFlowDbContext db, string code, CancellationToken ct) =>
                await CreditReviews.HistoryAsync(db, code, ct) is { } reviews
                    ? TypedResults.Ok(reviews)
                    : new DomainError(ErrorCodes.UnknownCustomer, "code", code).ToProblem(notFound: true))
            .WithName("ListCreditReviews").WithSummary("The customer's approved credit reviews, latest first: inputs, score, decision, who asked, who approved.");
        group.MapPost("/reviews", (ArFlowDbContext db, string code, ReviewRequest r, ClaimsPrincipal user, ArFlowOptions o, Clock c, CancellationToken ct) =>
                ApprovalEndpoints.Ask(db, ApprovalRules.CreditReview, new CreditReviews.Payload(code, r.Grade, r.CreditLimit, r.DefaultTerms, r.Note), r.Reason, user, o, c, ct))
            .WithName("RequestCreditReview").RequireAuthorization(Policies.MasterData)
            .WithSummary("Asks to decide a review (grade, limit, terms): 202 with the approval request; on approval the customer takes the decision and its next review date.");
    }

    public static void MapCreditCheckEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/credit/check", async (ArFlowDbContext db, RunCreditCheck.Request r, Clock clock, CancellationToken ct) =>
                Answer(await RunCreditCheck.Handle(db, r, clock, ct)))
            .WithTags("Credit").WithName("CreditCheck")
            .WithSummary("Pass, warn or block for a customer and a proposed amount, with the reasons: exposure against the limit, overdue beyond the grade's tolerance, hold or block.");

    public static void MapCreditSettingsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/credit").WithTags("Credit");
        group.MapGet("/reviews/due", async (ArFlowDbContext db, int? withinDays, Clock clock, CancellationToken ct) =>
                TypedResults.Ok(await CreditReviews.DueAsync(db, clock.Today, Math.Clamp(withinDays ?? 30, 0, 366), ct)))
            .WithName("CreditReviewsDue").WithSummary("The review queue: customers whose review is due within the days given (default 30), never reviewed first.");
        group.MapGet("/scorecard", (ArFlowDbContext db, CancellationToken ct) => CreditSettings.ScorecardAsync(db, ct))
            .WithName("GetScorecard").WithSummary("The scorecard in use: factors with weights, bands and points; grade cuts; its version (0: the default).");
        group.MapPut("/scorecard", async (ArFlowDbContext db, StoredSettings.SaveRequest<Scorecard> r, ClaimsPrincipal user, Clock clock, CancellationToken ct) =>
                Answer(await CreditSettings.SaveScorecardAsync(db, r, user.Identity?.Name ?? "?", clock, ct)))
            .WithName("SaveScorecard").RequireAuthorization(Policies.Settings)
            .WithSummary("Replaces the scorecard; the version must be the one read (409 otherwise); every problem is named by field.");
        group.MapGet("/warning-rules", (ArFlowDbContext db, CancellationToken ct) => CreditSettings.WarningRulesAsync(db, ct))
            .WithName("GetWarningRules").WithSummary("The early-warning rules: each on or off, with its threshold.");
        group.MapPut("/warning-rules", async (ArFlowDbContext db, StoredSettings.SaveRequest<WarningRules> r, ClaimsPrincipal user, Clock clock, CancellationToken ct) =>
                Answer(await CreditSettings.SaveWarningRulesAsync(db, r, user.Identity?.Name ?? "?", clock, ct)))
            .WithName("SaveWarningRules").RequireAuthorization(Policies.Settings).WithSummary("Replaces the early-warning rules; the version must be the one read.");
        group.MapGet("/alerts", async (ArFlowDbContext db, [AsParameters] CreditAlerts.Filter f, bool? mine, ClaimsPrincipal user, CancellationToken ct) =>
                TypedResults.Ok(await CreditAlerts.ListAsync(db, f, mine == true ? user.Identity?.Name ?? "?" : null, ct)))
            .WithName("ListCreditAlerts").WithSummary("The alert inbox, newest first: status=active (default)|open|acknowledged|closed|all, customer, assignedTo, mine=true.");
        group.MapPost("/alerts/{id:long}/assign", async (ArFlowDbContext db, long id, CreditAlerts.AssignRequest r, CancellationToken ct) =>
                Alert(await CreditAlerts.AssignAsync(db, id, r, ct)))
            .WithName("AssignCreditAlert").RequireAuthorization(Policies.FollowUp).WithSummary("Gives the alert to a person (to: null for nobody).");
        group.MapPost("/alerts/{id:long}/acknowledge", async (ArFlowDbContext db, long id, ClaimsPrincipal user, Clock clock, CancellationToken ct) =>
                Alert(await CreditAlerts.AcknowledgeAsync(db, id, user.Identity?.Name ?? "?", clock, ct)))
            .WithName("AcknowledgeCreditAlert").RequireAuthorization(Policies.FollowUp).WithSummary("Says the alert was seen (and takes it when nobody had).");
        group.MapPost("/alerts/{id:long}/close", async (ArFlowDbContext db, long id, CreditAlerts.CloseRequest r, ClaimsPrincipal user, Clock clock, CancellationToken ct) =>
                Alert(await CreditAlerts.CloseAsync(db, id, r, user.Identity?.Name ?? "?", clock, ct)))
            .WithName("CloseCreditAlert").RequireAuthorization(Policies.FollowUp).WithSummary("Closes the alert with a note of what was done.");
        group.MapPost("/alerts/run", async (ArFlowDbContext db, ArFlowOptions options, Clock clock, CancellationToken ct) =>
                TypedResults.Ok(await CreditWarnings.RunAsync(db, options, clock, ct, force: true)))
            .WithName("RunCreditWarnings").RequireAuthorization(Policies.Settings)
            .WithSummary("Runs the early warnings now (the server also runs them once a day) and answers the alerts raised.");
        group.MapGet("/model", async (ArFlowDbContext db, CancellationToken ct) =>
                await db.PaymentModels.AsNoTracking().OrderByDescending(m => m.Id)
                    .Select(m => new { m.Id, m.TrainedAt, m.LateDays, m.TrainedOn, Trained = m.Content != null, m.Report }).FirstOrDefaultAsync(ct) is { } m
                    ? TypedResults.Ok(new { m.Id, m.TrainedAt, m.LateDays, m.TrainedOn, m.Trained, Holdout = System.Text.Json.JsonDocument.Parse(m.Report).RootElement })
                    : Results.NoContent())
            .WithName("PaymentModel").WithSummary("The newest payment-prediction model: when and on how many invoices it was trained, and its holdout report (JSON).");
        group.MapPost("/model/train", async (ArFlowDbContext db, ArFlowOptions options, Clock clock, CancellationToken ct) =>
                TypedResults.Ok(await Prediction.PaymentPredictions.TrainAsync(db, options, clock, ct)))
            .WithName("TrainPaymentModel").RequireAuthorization(Policies.Settings)
            .WithSummary("Trains the payment-prediction model on the ledger now (the server retrains weekly) and answers its holdout scores beside the naive forecast.");
        group.MapGet("/policy", (ArFlowDbContext db, CancellationToken ct) => CreditSettings.PolicyAsync(db, ct))
            .WithName("GetCreditPolicy").WithSummary("The credit policy in use: per grade the terms, limit rule, prepayment or guarantee, review interval and overdue tolerance.");
        group.MapPut("/policy", async (ArFlowDbContext db, StoredSettings.SaveRequest<CreditPolicy> r, ClaimsPrincipal user, Clock clock, CancellationToken ct) =>
                Answer(await CreditSettings.SavePolicyAsync(db, r, user.Identity?.Name ?? "?", clock, ct)))
            .WithName("SaveCreditPolicy").RequireAuthorization(Policies.Settings)
            .WithSummary("Replaces the credit policy; one row per grade A–D; the version must be the one read.");
    }

    private static IResult Alert(Result<CreditAlertDto> result) =>
        result.IsSuccess ? TypedResults.Ok(result.Value) : result.Errors.ToProblem(notFound: result.Errors[0].Code == ErrorCodes.UnknownAlert);

    private static IResult Answer<T>(Result<T> result) =>
        result.IsSuccess ? TypedResults.Ok(result.Value) : result.Errors.ToProblem(notFound: result.Errors[0].Code is ErrorCodes.UnknownCustomer or ErrorCodes.UnknownReport);
}
