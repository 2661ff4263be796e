using System.Security.Claims;
using ArFlow.Data;
using ArFlow.Domain.Collections;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Dunning;

public static class DunningEndpoints
{
    public sealed record RunRequest(DateOnly? Date = null, bool DryRun = false);

    public static void MapDunningEndpoints(this IEndpointRouteBuilder app)
    {
        var dunning = app.MapGroup("/api/dunning").WithTags("Dunning");
        dunning.MapPost("/run", async (ArFlowDbContext db, RunRequest? r, Clock clock, ArFlowOptions options, CancellationToken ct) =>
                TypedResults.Ok(await DunningRun.RunAsync(db, clock, options, r?.Date ?? clock.Today, r?.DryRun ?? false, ct)))
            .WithName("RunDunning").RequireAuthorization(Policies.Settings)
            .WithSummary("Runs dunning for a day (default today): every action taken, or with dryRun every action it would take. Steps already done are skipped.");
        dunning.MapGet("/actions", async (ArFlowDbContext db, [AsParameters] DunningActions.Filter f, CancellationToken ct) => TypedResults.Ok(await DunningActions.ListAsync(db, f, ct)))
            .WithName("ListDunningActions").WithSummary("What dunning did, newest first, with each message's delivery state: customer, date.");
        dunning.MapGet("/actions/{id:long}/letter", async (ArFlowDbContext db, long id, DunningMessages messages, CancellationToken ct) =>
            {
                // Only an action of a customer the person may see.
                if (!await db.DunningActions.AnyAsync(a => a.Id == id && db.Customers.Any(c => c.Id == a.CustomerId), ct))
                    return new DomainError(ErrorCodes.UnknownDunningAction, "id", id).ToProblem(notFound: true);
                var (letter, withdrawn) = await messages.LetterAsync(db, id, ct);
                return letter is null ? new DomainError(withdrawn!).ToProblem(StatusCodes.Status409Conflict)
                    : Results.File(letter.Content, letter.ContentType, letter.FileName);
            })
            .WithName("GetDunningLetter")
            .WithSummary("The formal letter (PDF) of an action, drawn from the balance now: what a letter task prints and posts. 409 when nothing is left to ask for.");

        dunning.MapGet("/policies", (ArFlowDbContext db, CancellationToken ct) => DunningSettings.PoliciesAsync(db, ct))
            .WithName("GetDunningPolicies").WithSummary("The dunning policies, which grade follows which, and the version a change must name.");
        dunning.MapPut("/policies", async (ArFlowDbContext db, StoredSettings.SaveRequest<DunningPolicies> r, ClaimsPrincipal user, Clock clock, CancellationToken ct) =>
                Answer(await DunningSettings.SavePoliciesAsync(db, r, user.Identity?.Name ?? "?", clock, ct)))
            .WithName("SaveDunningPolicies").RequireAuthorization(Policies.Settings)
            .WithSummary("Replaces the dunning policies (409 when the version is stale); applies to the invoices already open.");
        dunning.MapPost("/preview", async (ArFlowDbContext db, DunningPreview.Request r, ArFlowOptions options, Clock clock, CancellationToken ct) =>
                Answer(await DunningPreview.PreviewAsync(db, r, options, clock, ct)))
            .WithName("PreviewDunningPolicy")
            .WithSummary("Plays a policy out for one invoice before it is saved: the day of each step and every template rendered with a real customer's data (policies null: the saved ones).");
        dunning.MapGet("/calendar", (ArFlowDbContext db, CancellationToken ct) => DunningSettings.CalendarAsync(db, ct))
            .WithName("GetBusinessCalendar").WithSummary("Public holidays and make-up working days.");
        dunning.MapPut("/calendar", async (ArFlowDbContext db, StoredSettings.SaveRequest<BusinessCalendar> r, ClaimsPrincipal user, Clock clock, CancellationToken ct) =>
                Answer(await DunningSettings.SaveCalendarAsync(db, r, user.Identity?.Name ?? "?", clock, ct)))
            .WithName("SaveBusinessCalendar").RequireAuthorization(Policies.Settings)
            .WithSummary("Replaces the holiday calendar (409 when the version is stale).");

        app.MapGet("/api/customers/{code}/dunning", async (ArFlowDbContext db, string code, CancellationToken ct) =>
                await DunningActions.CustomerAsync(db, code, ct) is { } found ? Results.Ok(found) : new DomainError(ErrorCodes.UnknownCustomer, "code", code).ToProblem(notFound: true))
            .WithTags("Dunning").WithName("GetCustomerDunning").WithSummary("The customer's own dunning policy (null: its grade's) and pause.");
        app.MapPut("/api/customers/{code}/dunning", async (ArFlowDbContext db, string code, DunningActions.CustomerSettings r, Clock clock, CancellationToken ct) =>
            {
                var saved = await DunningActions.SaveCustomerAsync(db, code, r, clock, ct);
                return saved.IsSuccess ? Results.Ok(saved.Value) : saved.Errors.ToProblem(notFound: saved.Errors[0].Code == ErrorCodes.UnknownCustomer);
            })
            .WithTags("Dunning").WithName("SaveCustomerDunning").RequireAuthorization(Policies.MasterData)
            .WithSummary("Sets the customer's own policy and pauses it (\"do not contact\" up to pausedUntil, with pauseReason); nulls undo.");
    }

    private static IResult Answer<T>(Result<T> result) => result.IsSuccess ? TypedResults.Ok(result.Value) : result.Errors.ToProblem();
}
