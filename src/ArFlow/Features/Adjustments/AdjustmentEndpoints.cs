using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Features.Ledger;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Adjustments;

public static class AdjustmentEndpoints
{
    public static void MapAdjustmentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/write-offs", async (ArFlowDbContext db, WriteOff.Request r, ArFlowOptions o, Clock c, CancellationToken ct) =>
                (await WriteOff.HandleWriteOff(db, r, o, c, ct)).ToHttp(d => TypedResults.Created($"/api/documents/{d.Id}", d)))
            .WithTags("Write-offs and refunds").WithName("WriteOff").RequireAuthorization(Policies.Adjust).WithSummary("Writes off what is open on an invoice (all of it unless an amount is given).")
            .AddEndpointFilter<IdempotencyFilter>();
        app.MapPost("/api/refunds", async (ArFlowDbContext db, WriteOff.Request r, ArFlowOptions o, Clock c, CancellationToken ct) =>
                (await WriteOff.HandleRefund(db, r, o, c, ct)).ToHttp(d => TypedResults.Created($"/api/documents/{d.Id}", d)))
            .WithTags("Write-offs and refunds").WithName("Refund").RequireAuthorization(Policies.Adjust).WithSummary("Pays unapplied credit of a receipt or credit note back.")
            .AddEndpointFilter<IdempotencyFilter>();

        var documents = app.MapGroup("/api/documents").WithTags("Documents");
        documents.MapGet("/{id:long}", async (ArFlowDbContext db, long id, CancellationToken ct) =>
                await db.Documents.AnyAsync(d => d.Id == id, ct)
                    ? TypedResults.Ok(await db.DtoAsync(id, ct))
                    : new DomainError(ErrorCodes.UnknownDocument, "id", id).ToProblem(notFound: true))
            .WithName("GetDocument").WithSummary("Any posted document by id.");
        documents.MapPost("/{id:long}/reverse", async (ArFlowDbContext db, long id, ReverseDocument.Request r, ArFlowOptions o, Clock c, CancellationToken ct) =>
            {
                var result = await ReverseDocument.Handle(db, id, r, o, c, ct);
                return !result.IsSuccess && result.Errors[0].Code == ErrorCodes.UnknownDocument
                    ? result.Errors.ToProblem(notFound: true)
                    : result.ToHttp(d => TypedResults.Created($"/api/documents/{d.Id}", d));
            })
            .WithName("ReverseDocument").RequireAuthorization(Policies.Adjust).WithSummary("Reverses a posted document as of a date; the original is never changed.")
            .AddEndpointFilter<IdempotencyFilter>();
    }
}
