using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using ArFlow.Features.Ledger;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Adjustments;

/// <summary>Undoes a posted document with a reversal dated on or after it. The original stays as it
/// was, linked to its reversal; the ledger of any earlier date is unchanged.</summary>
public static class ReverseDocument
{
    public sealed record Request(DateOnly? Date = null, string? Memo = null, string? Reason = null);

    public static async Task<Result<DocumentDto>> Handle(ArFlowDbContext db, long documentId, Request r, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        var date = r.Date ?? clock.Today;
        return await db.WriteAsync<DocumentDto>(async () =>
        {
            var original = await db.Documents.SingleOrDefaultAsync(d => d.Id == documentId, ct);
            if (original is null) return new DomainError(ErrorCodes.UnknownDocument, "id", documentId);
            if (original.Kind == DocumentKind.Reversal) return new DomainError(ErrorCodes.NotReversible, "id");
            if (original.ReversedById is not null) return new DomainError(ErrorCodes.AlreadyReversed, "id");
            var entries = await db.LedgerEntries.AsNoTracking().Where(e => e.DocumentId == documentId)
                .Select(e => new LedgerEntry(e.ItemId, e.PostedDate, e.Amount)).ToListAsync(ct);
            var items = await db.LoadItemsAsync(entries.Select(e => e.ItemId), ct);
            var posted = Posting.Reverse(entries, original.DocumentDate, items.ToDictionary(i => i.Key, i => i.Value.History), date);
            if (!posted.IsSuccess) return Result<DocumentDto>.Fail(posted.Errors.Select(e => e with { Args = [] }).ToArray());
            var reversal = new Document
            {
                Kind = DocumentKind.Reversal,
                CustomerId = original.CustomerId,
                DocumentDate = date,
                Currency = original.Currency,
                Amount = original.Amount,
                ReversesId = original.Id,
                Memo = new Check().OptionalText("memo", r.Memo, 500),
                CreatedAt = clock.Now,
            };
            await db.PostAsync(reversal, posted.Value!, items, options.Base, ct);
            original.ReversedById = reversal.Id;
            await db.SaveChangesAsync(ct);
            return await db.DtoAsync(reversal.Id, ct);
        }, ct);
    }
}
