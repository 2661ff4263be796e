using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Collections;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using ArFlow.Features.Webhooks;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Collections;

public sealed record DisputeDto(
    long Id, string CustomerCode, long DocumentId, string? InvoiceNumber, decimal Amount, string Currency, string Reason, string Status,
    string? Resolution, string? Owner, string? Note, DateOnly OpenedOn, string OpenedBy, DateOnly? ResolvedOn, string? ResolvedBy, string? ResolutionNote);

/// <summary>Disputes over invoices: opened for at most what is open and not already disputed on the
/// invoice, owned by someone, resolved by a credit note, a rejection or partly each. Opening one
/// raises the dispute.opened webhook in the same transaction.</summary>
public static class Disputes
{
    public sealed record Request(string? CustomerCode, string? InvoiceNumber, decimal? Amount, string? Reason, string? Owner = null, string? Note = null);

    public sealed record ResolveRequest(string? Resolution, string? Note);

    public sealed record Filter(string? Customer = null, string? Status = null, int? Page = null, int? PageSize = null);

    public static async Task<Result<DisputeDto>> OpenAsync(ArFlowDbContext db, Request r, string by, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(r);
        var customer = string.IsNullOrWhiteSpace(r.CustomerCode) ? null : await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Code == r.CustomerCode.Trim(), ct);
        if (customer is null) return new DomainError(ErrorCodes.UnknownCustomer, "customerCode", r.CustomerCode ?? "");
        var number = r.InvoiceNumber?.Trim();
        var invoice = string.IsNullOrEmpty(number) ? null : await (
            from d in db.Documents join o in db.OpenItems on d.Id equals o.ItemId
            where d.CustomerId == customer.Id && d.Number == number && (d.Kind == DocumentKind.Invoice || d.Kind == DocumentKind.Charge)
            select new { d.Id, d.Number, o.Currency, o.Open }).SingleOrDefaultAsync(ct);
        if (invoice is null) return new DomainError(ErrorCodes.UnknownDocument, "invoiceNumber", r.InvoiceNumber ?? "");
        var check = new Check();
        var amount = check.Amount("amount", r.Amount ?? invoice.Open, Domain.Money.Currency.Parse(invoice.Currency));
        var reason = r.Reason is null ? DisputeReason.Other : check.Choice("reason", r.Reason, DisputeReason.Other);
        var owner = check.OptionalText("owner", r.Owner, 256);
        var note = check.OptionalText("note", r.Note, 1000);
        if (!check.Ok) return Result<DisputeDto>.Fail(check.Errors);
        return await db.WriteAsync<DisputeDto>(async () =>
        {
            var disputed = await db.Disputes.Where(x => x.DocumentId == invoice.Id && x.Status == DisputeStatus.Open).SumAsync(x => x.Amount, ct);
            if (disputed + amount > invoice.Open) return new DomainError(ErrorCodes.DisputeExceedsOpen, "amount", invoice.Open - disputed);
            var row = new Dispute
            {
                CustomerId = customer.Id, DocumentId = invoice.Id, Amount = amount, Currency = invoice.Currency, Reason = reason, Status = DisputeStatus.Open,
                Owner = owner ?? customer.Collector ?? customer.Owner, Note = note, OpenedOn = clock.Today, OpenedBy = by,
            };
            db.Disputes.Add(row);
            await db.SaveChangesAsync(ct);
            var dto = Dto(row, customer.Code, invoice.Number);
            await WebhookEvents.RaiseAsync(db, WebhookEvents.DisputeOpened, dto, clock, ct);
            return dto;
        }, ct);
    }

    /// <summary>Ends a dispute: the credit note (if any) is posted separately, as every document is.</summary>
    public static async Task<Result<DisputeDto>> ResolveAsync(ArFlowDbContext db, long id, ResolveRequest r, string by, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(r);
        var row = await db.Disputes.SingleOrDefaultAsync(x => x.Id == id, ct);
        if (row is null) return new DomainError(ErrorCodes.UnknownDispute, "id", id);
        if (row.Status != DisputeStatus.Open) return new DomainError(ErrorCodes.DisputeNotOpen, "id", id);
        var check = new Check();
        if (r.Resolution is null) check.Add(ErrorCodes.Required, "resolution");
        var resolution = check.Choice("resolution", r.Resolution, DisputeResolution.Rejected);
        var note = check.Text("note", r.Note, 1000);
        if (!check.Ok) return Result<DisputeDto>.Fail(check.Errors);
        (row.Status, row.Resolution, row.ResolvedOn, row.ResolvedBy, row.ResolutionNote) = (DisputeStatus.Resolved, resolution, clock.Today, by, note);
        row.Version++;
        await db.SaveChangesAsync(ct);
        var names = await db.Documents.Where(d => d.Id == row.DocumentId).Join(db.Customers, d => d.CustomerId, c => c.Id, (d, c) => new { c.Code, d.Number }).SingleAsync(ct);
        return Dto(row, names.Code, names.Number);
    }

    public static async Task<Page<DisputeDto>> ListAsync(ArFlowDbContext db, Filter f, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        var (skip, take, page, size) = Paging.Normalize(f.Page, f.PageSize);
        var q = db.Disputes.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Customer)) q = q.Where(x => db.Customers.Any(c => c.Id == x.CustomerId && c.Code == f.Customer.Trim()));
        if (!string.IsNullOrWhiteSpace(f.Status))
        {
            var status = new Check().Choice("status", f.Status, DisputeStatus.Open);
            q = q.Where(x => x.Status == status);
        }
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(x => x.Id).Skip(skip).Take(take)
            .Join(db.Documents, x => x.DocumentId, d => d.Id, (x, d) => new { x, d.Number, d.CustomerId })
            .Join(db.Customers, y => y.CustomerId, c => c.Id, (y, c) => new { y.x, y.Number, c.Code }).ToListAsync(ct);
        return new Page<DisputeDto>(rows.Select(y => Dto(y.x, y.Code, y.Number)).ToList(), total, page, size);
    }

    private static DisputeDto Dto(Dispute x, string code, string? number) => new(
        x.Id, code, x.DocumentId, number, x.Amount, x.Currency, Check.Kebab(x.Reason.ToString()), Check.Kebab(x.Status.ToString()),
        x.Resolution is { } res ? Check.Kebab(res.ToString()) : null, x.Owner, x.Note, x.OpenedOn, x.OpenedBy, x.ResolvedOn, x.ResolvedBy, x.ResolutionNote);
}
