using System.Security.Claims;
using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Features.Approvals;
using ArFlow.Features.Ledger;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Adjustments;

public static class AdjustmentEndpoints
{
    public static void MapAdjustmentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/write-offs", (ArFlowDbContext db, WriteOff.Request r, ClaimsPrincipal user, ArFlowOptions o, Clock c, CancellationToken ct) =>
                ApprovalEndpoints.Ask(db, ApprovalRules.WriteOff, r, r.Reason ?? r.Memo, user, o, c, ct))
            .WithTags("Write-offs and refunds").WithName("WriteOff").RequireAuthorization(Policies.Adjust)
            .WithSummary("Writes off what is open on an invoice (all of it unless an amount is given): 202 with the approval request when the thresholds ask for one, else 201.")
            .AddEndpointFilter<IdempotencyFilter>();
        app.MapPost("/api/waivers", (ArFlowDbContext db, WriteOff.Request r, ClaimsPrincipal user, ArFlowOptions o, Clock c, CancellationToken ct) =>
                ApprovalEndpoints.Ask(db, ApprovalRules.Waiver, r, r.Reason ?? r.Memo, user, o, c, ct))
            .WithTags("Write-offs and refunds").WithName("Waiver").RequireAuthorization(Policies.Adjust)
            .WithSummary("Waives late-payment interest or a fee: writes off what is open on a charge (202 with the approval request when one is needed, else 201).")
            .AddEndpointFilter<IdempotencyFilter>();
        app.MapPost("/api/refunds", (ArFlowDbContext db, WriteOff.Request r, ClaimsPrincipal user, ArFlowOptions o, Clock c, CancellationToken ct) =>
                ApprovalEndpoints.Ask(db, ApprovalRules.Refund, r, r.Reason ?? r.Memo, user, o, c, ct))
            .WithTags("Write-offs and refunds").WithName("Refund").RequireAuthorization(Policies.Adjust)
            .WithSummary("Pays unapplied credit of a receipt or credit note back: 202 with the approval request when one is needed, else 201.")
            .AddEndpointFilter<IdempotencyFilter>();

        var documents = app.MapGroup("/api/documents").WithTags("Documents");
        documents.MapGet("/{id:long}", async (ArFlowDbContext db, long id, CancellationToken ct) =>
                await db.Documents.AnyAsync(d => d.Id == id, ct)
                    ? TypedResults.Ok(await db.DtoAsync(id, ct))
                    : new DomainError(ErrorCodes.UnknownDocument, "id", id).ToProblem(notFound: true))
            .WithName("GetDocument").WithSummary("Any posted document by id.");
        documents.MapPost("/{id:long}/reverse", async (ArFlowDbContext db, long id, ReverseDocument.Request r, ClaimsPrincipal user, ArFlowOptions o, Clock c, CancellationToken ct) =>
                await db.Documents.AnyAsync(d => d.Id == id, ct)
                    ? await ApprovalEndpoints.Ask(db, ApprovalRules.Reversal, new ApprovalActions.ReversalPayload(id, r.Date, r.Memo), r.Reason ?? r.Memo, user, o, c, ct)
                    : new DomainError(ErrorCodes.UnknownDocument, "id", id).ToProblem(notFound: true))
            .WithName("ReverseDocument").RequireAuthorization(Policies.Adjust)
            .WithSummary("Reverses a posted document as of a date (the original is never changed): 202 with the approval request when one is needed, else 201.")
            .AddEndpointFilter<IdempotencyFilter>();
    }
}
