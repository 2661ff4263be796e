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
    }

    private static IResult Answer<T>(Result<T> result, string notFoundCode) =>
        result.IsSuccess ? TypedResults.Ok(result.Value) : result.Errors.ToProblem(notFound: result.Errors[0].Code == notFoundCode);
}
