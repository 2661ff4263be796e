using System.Security.Claims;
using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;

namespace ArFlow.Features.Collections;

public static class CollectionEndpoints
{
    public static void MapCollectionEndpoints(this IEndpointRouteBuilder app)
    {
        var promises = app.MapGroup("/api/promises").WithTags("Collections");
        promises.MapGet("/", async (ArFlowDbContext db, [AsParameters] Promises.Filter f, CancellationToken ct) => TypedResults.Ok(await Promises.ListAsync(db, f, ct)))
            .WithName("ListPromises").WithSummary("Promises to pay, newest first: customer, status=open|kept|broken|cancelled.");
        promises.MapPost("/{id:long}/cancel", async (ArFlowDbContext db, long id, CancellationToken ct) => Answer(await Promises.CancelAsync(db, id, ct), ErrorCodes.UnknownPromise))
            .WithName("CancelPromise").RequireAuthorization(Policies.FollowUp).WithSummary("Withdraws an open promise (recorded by mistake, replaced by another).");
        app.MapPost("/api/customers/{code}/promises", async (ArFlowDbContext db, string code, Promises.Request r, ClaimsPrincipal user, Clock clock, CancellationToken ct) =>
            {
                var made = await Promises.RecordAsync(db, code, r, user.Identity?.Name ?? "?", clock, ct);
                return made.IsSuccess ? TypedResults.Created($"/api/promises?customer={code}", made.Value) : Answer(made, ErrorCodes.UnknownCustomer);
            })
            .WithTags("Collections").WithName("RecordPromise").RequireAuthorization(Policies.FollowUp)
            .WithSummary("Records a promise to pay: amount (in the customer's currency unless given), date, who promised.");

        var disputes = app.MapGroup("/api/disputes").WithTags("Collections");
        disputes.MapGet("/", async (ArFlowDbContext db, [AsParameters] Disputes.Filter f, CancellationToken ct) => TypedResults.Ok(await Disputes.ListAsync(db, f, ct)))
            .WithName("ListDisputes").WithSummary("Disputes, newest first: customer, status=open|resolved.");
        disputes.MapPost("/", async (ArFlowDbContext db, Disputes.Request r, ClaimsPrincipal user, Clock clock, CancellationToken ct) =>
            {
                var made = await Disputes.OpenAsync(db, r, user.Identity?.Name ?? "?", clock, ct);
                return made.IsSuccess ? TypedResults.Created($"/api/disputes?customer={made.Value!.CustomerCode}", made.Value) : made.Errors.ToProblem();
            })
            .WithName("OpenDispute").RequireAuthorization(Policies.FollowUp)
            .WithSummary("Opens a dispute over an invoice: amount (default what is open), reason price|quantity|quality|delivery|duplicate|other, owner.");
        disputes.MapPost("/{id:long}/resolve", async (ArFlowDbContext db, long id, Disputes.ResolveRequest r, ClaimsPrincipal user, Clock clock, CancellationToken ct) =>
                Answer(await Disputes.ResolveAsync(db, id, r, user.Identity?.Name ?? "?", clock, ct), ErrorCodes.UnknownDispute))
            .WithName("ResolveDispute").RequireAuthorization(Policies.FollowUp)
            .WithSummary("Resolves a dispute: credit-note, rejected or partial, with a note.");

        var collections = app.MapGroup("/api/collections").WithTags("Collections");
        collections.MapGet("/worklist", async (ArFlowDbContext db, [AsParameters] Worklist.Filter f, Clock clock, CancellationToken ct) =>
                TypedResults.Ok(await Worklist.ListAsync(db, f, clock.Today, ct)))
            .WithName("GetWorklist").WithSummary("Customers with something overdue by priority score (amount, days, grade, predicted lateness, broken promises): collector, grade, minOverdue (base currency).");
        collections.MapGet("/load", async (ArFlowDbContext db, Clock clock, CancellationToken ct) => TypedResults.Ok(await Worklist.LoadAsync(db, clock.Today, ct)))
            .WithName("GetCollectorLoad").WithSummary("Each collector's customers with something overdue, the amount and the open tasks.");
        collections.MapPost("/assign", async (ArFlowDbContext db, Worklist.AssignRequest r, CancellationToken ct) => Answer(await Worklist.AssignAsync(db, r, ct)))
            .WithName("AssignCollector").RequireAuthorization(Policies.MasterData).WithSummary("Gives customers to a collector: { customers: [codes], collector }.");

        var tasks = app.MapGroup("/api/collection-tasks").WithTags("Collections");
        tasks.MapGet("/", async (ArFlowDbContext db, [AsParameters] CollectionTasks.Filter f, CancellationToken ct) => TypedResults.Ok(await CollectionTasks.ListAsync(db, f, ct)))
            .WithName("ListCollectionTasks").WithSummary("Tasks by due date: assignedTo, customer, status=open|done|cancelled|all (default open).");
        tasks.MapPost("/{id:long}/close", async (ArFlowDbContext db, long id, CollectionTasks.CloseRequest r, ClaimsPrincipal user, Clock clock, CancellationToken ct) =>
                Answer(await CollectionTasks.CloseAsync(db, id, r, user.Identity?.Name ?? "?", clock, ct), ErrorCodes.UnknownTask))
            .WithName("CloseCollectionTask").RequireAuthorization(Policies.FollowUp)
            .WithSummary("Closes a task with what came of it; a call needs its outcome (reached, no-answer, wrong-number, promised, disputed, refused, call-back).");
        tasks.MapPost("/assign", async (ArFlowDbContext db, CollectionTasks.AssignRequest r, CancellationToken ct) => Answer(await CollectionTasks.AssignAsync(db, r, ct)))
            .WithName("AssignCollectionTasks").RequireAuthorization(Policies.FollowUp).WithSummary("Gives open tasks to someone: { ids: [...], assignedTo }.");

        app.MapGet("/api/customers/{code}/activities", async (ArFlowDbContext db, string code, CancellationToken ct) =>
                await Activities.ListAsync(db, code, ct) is { } list ? Results.Ok(list) : new DomainError(ErrorCodes.UnknownCustomer, "code", code).ToProblem(notFound: true))
            .WithTags("Collections").WithName("ListActivities").WithSummary("The customer's collection activities, newest first.");
        app.MapPost("/api/customers/{code}/activities", async (ArFlowDbContext db, string code, Activities.Request r, ClaimsPrincipal user, Clock clock, CancellationToken ct) =>
            {
                var made = await Activities.RecordAsync(db, code, r, user.Identity?.Name ?? "?", clock, ct);
                return made.IsSuccess ? TypedResults.Created($"/api/customers/{code}/activities", made.Value) : Answer(made, ErrorCodes.UnknownCustomer);
            })
            .WithTags("Collections").WithName("RecordActivity").RequireAuthorization(Policies.FollowUp)
            .WithSummary("Records an activity: kind call|email|sms|visit|letter|note, outcome (calls), note, invoices, at.");
        app.MapPost("/api/activities/{id:long}/attachments", async (ArFlowDbContext db, long id, IFormFile? file, ClaimsPrincipal user, Clock clock, CancellationToken ct) =>
            {
                if (file is null) return new DomainError(ErrorCodes.Required, "file").ToProblem();
                await using var content = file.OpenReadStream();
                return Answer(await Activities.AttachAsync(db, id, file.FileName, file.ContentType, content, file.Length, user.Identity?.Name ?? "?", clock, ct), ErrorCodes.UnknownActivity);
            })
            .WithTags("Collections").WithName("AttachToActivity").RequireAuthorization(Policies.FollowUp).DisableAntiforgery()
            .WithSummary("Attaches a file (multipart field 'file', at most 10 MB) to an activity as evidence.");
        app.MapGet("/api/activities/{id:long}/attachments/{fileId:long}", async (ArFlowDbContext db, long id, long fileId, CancellationToken ct) =>
                await Activities.FileAsync(db, id, fileId, ct) is { } f ? Results.File(f.Content, f.ContentType, f.FileName)
                    : new DomainError(ErrorCodes.UnknownActivity, "id", id).ToProblem(notFound: true))
            .WithTags("Collections").WithName("GetActivityAttachment").WithSummary("An attached file.");
        app.MapGet("/api/customers/{code}/interest", async (ArFlowDbContext db, string code, DateOnly? asOf, Clock clock, CancellationToken ct) =>
                await Interest.ForCustomerAsync(db, code, asOf ?? clock.Today, ct) is { } list ? Results.Ok(list) : new DomainError(ErrorCodes.UnknownCustomer, "code", code).ToProblem(notFound: true))
            .WithTags("Collections").WithName("GetLateInterest").WithSummary("Late interest of the customer's invoices to a day (default today): accrued, charged, chargeable.");
        app.MapPost("/api/customers/{code}/interest/charge", async (ArFlowDbContext db, string code, Interest.ChargeRequest r, ArFlowOptions options, Clock clock, CancellationToken ct) =>
                Answer(await Interest.ChargeCustomerAsync(db, code, r, options, clock, ct), ErrorCodes.UnknownCustomer))
            .WithTags("Collections").WithName("ChargeLateInterest").RequireAuthorization(Policies.Post)
            .WithSummary("Charges the chargeable late interest of each of the customer's invoices as charge documents (INT-invoice-date).");
        app.MapGet("/api/dunning/interest", (ArFlowDbContext db, CancellationToken ct) => Interest.PolicyAsync(db, ct))
            .WithTags("Dunning").WithName("GetInterestPolicy").WithSummary("The late-interest policy: on, dailyRatePercent, graceDays, capPercent.");
        app.MapPut("/api/dunning/interest", async (ArFlowDbContext db, StoredSettings.SaveRequest<ArFlow.Domain.Collections.InterestPolicy> r, ClaimsPrincipal user, Clock clock, CancellationToken ct) =>
                Answer(await Interest.SavePolicyAsync(db, r, user.Identity?.Name ?? "?", clock, ct)))
            .WithTags("Dunning").WithName("SaveInterestPolicy").RequireAuthorization(Policies.Settings).WithSummary("Replaces the late-interest policy (409 when the version is stale).");
        app.MapGet("/api/customers/{code}/repayment-plans", async (ArFlowDbContext db, string code, CancellationToken ct) =>
                await RepaymentPlans.ListAsync(db, code, ct) is { } list ? Results.Ok(list) : new DomainError(ErrorCodes.UnknownCustomer, "code", code).ToProblem(notFound: true))
            .WithTags("Collections").WithName("ListRepaymentPlans").WithSummary("The customer's repayment plans, newest first, with their installments.");
        app.MapPost("/api/customers/{code}/repayment-plans", async (ArFlowDbContext db, string code, RepaymentPlans.Request r, ClaimsPrincipal user, Clock clock, CancellationToken ct) =>
            {
                var made = await RepaymentPlans.CreateAsync(db, code, r, user.Identity?.Name ?? "?", clock, ct);
                return made.IsSuccess ? TypedResults.Created($"/api/customers/{code}/repayment-plans", made.Value) : Answer(made, ErrorCodes.UnknownCustomer);
            })
            .WithTags("Collections").WithName("CreateRepaymentPlan").RequireAuthorization(Policies.FollowUp)
            .WithSummary("Agrees installments for overdue invoices (all, or those named): count, firstDueOn, monthsApart, or explicit installments adding up to what is open.");
        app.MapPost("/api/repayment-plans/{id:long}/cancel", async (ArFlowDbContext db, long id, Clock clock, CancellationToken ct) =>
                Answer(await RepaymentPlans.CancelAsync(db, id, clock, ct), ErrorCodes.UnknownPlan))
            .WithTags("Collections").WithName("CancelRepaymentPlan").RequireAuthorization(Policies.FollowUp)
            .WithSummary("Ends an active plan; its invoices go back to ordinary dunning.");
        app.MapGet("/api/customers/{code}/collection-timeline", async (ArFlowDbContext db, string code, Clock clock, CancellationToken ct) =>
                await CollectionTimeline.GetAsync(db, code, clock, ct) is { } list ? Results.Ok(list) : new DomainError(ErrorCodes.UnknownCustomer, "code", code).ToProblem(notFound: true))
            .WithTags("Collections").WithName("GetCollectionTimeline")
            .WithSummary("Everything said and promised: reminders and tasks with their state, activities, promises, disputes; newest first.");
    }

    /// <summary>For requests that name things in their body (lists of codes or ids): an unknown one is bad input, 400.</summary>
    private static IResult Answer<T>(Result<T> result) => result.IsSuccess ? TypedResults.Ok(result.Value) : result.Errors.ToProblem();

    private static IResult Answer<T>(Result<T> result, string notFoundCode) =>
        result.IsSuccess ? TypedResults.Ok(result.Value) : result.Errors.ToProblem(notFound: result.Errors[0].Code == notFoundCode);
}
