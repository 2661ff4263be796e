using ArFlow.Data;
using ArFlow.Domain.Ledger;
using ArFlow.Features.Allocations;
using ArFlow.Features.Ledger;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;

namespace ArFlow.Features.Receipts;

public static class ReceiptEndpoints
{
    public static void MapReceiptEndpoints(this IEndpointRouteBuilder app)
    {
        var receipts = app.MapGroup("/api/receipts").WithTags("Receipts");
        receipts.MapGet("/", (ArFlowDbContext db, Clock clock, [AsParameters] DocumentFilter f, CancellationToken ct) =>
                DocumentList.ListAsync(db, DocumentKind.Receipt, f, clock.Today, ct))
            .WithName("ListReceipts").WithSummary("Lists receipts; status=open lists those with unapplied credit.");
        receipts.MapPost("/", Record).WithName("RecordReceipt").RequireAuthorization(Policies.Post)
            .WithSummary("Records a receipt and applies it to the lines given, the invoice named, or oldest due first.")
            .AddEndpointFilter<IdempotencyFilter>();

        var creditNotes = app.MapGroup("/api/credit-notes").WithTags("Credit notes");
        creditNotes.MapGet("/", (ArFlowDbContext db, Clock clock, [AsParameters] DocumentFilter f, CancellationToken ct) =>
                DocumentList.ListAsync(db, DocumentKind.CreditNote, f, clock.Today, ct))
            .WithName("ListCreditNotes").WithSummary("Lists credit notes.");
        creditNotes.MapPost("/", IssueCreditNote).WithName("IssueCreditNote").RequireAuthorization(Policies.Post)
            .WithSummary("Issues a credit note and applies it like a receipt (set autoAllocate=false to keep it as credit).")
            .AddEndpointFilter<IdempotencyFilter>();

        app.MapPost("/api/allocations", AllocateCredit).WithTags("Allocations").WithName("Allocate").RequireAuthorization(Policies.Post)
            .WithSummary("Applies a receipt or credit note to invoices: lines by hand, or none for the configured order.")
            .AddEndpointFilter<IdempotencyFilter>();
    }

    private static async Task<IResult> Record(ArFlowDbContext db, RecordReceipt.Request request, ArFlowOptions options, Clock clock, CancellationToken ct) =>
        (await RecordReceipt.Handle(db, request, options, clock, ct)).ToHttp(r => TypedResults.Created($"/api/documents/{r.From.Id}", r));

    private static async Task<IResult> IssueCreditNote(ArFlowDbContext db, RecordReceipt.Request request, ArFlowOptions options, Clock clock, CancellationToken ct) =>
        (await RecordReceipt.Handle(db, request with { Method = null }, options, clock, ct, DocumentKind.CreditNote))
        .ToHttp(r => TypedResults.Created($"/api/documents/{r.From.Id}", r));

    private static async Task<IResult> AllocateCredit(ArFlowDbContext db, Allocate.Request request, ArFlowOptions options, Clock clock, CancellationToken ct) =>
        (await Allocate.Handle(db, request, options, clock, ct)).ToHttp(r => TypedResults.Ok(r));
}
