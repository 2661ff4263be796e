using System.Text.Json;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using ArFlow.Domain.Reconciliation;
using ArFlow.Domain.Terms;
using ArFlow.Features.Allocations;
using ArFlow.Features.Receipts;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Bank;

public sealed record MatchedInvoiceDto(string Number, decimal Amount);

/// <summary>One credit of a bank statement and what cash application made of it.</summary>
public sealed record BankMatchDto(
    long LineId, DateOnly Date, decimal Amount, string Currency, string Details, string? Payer, string? PayerAccount,
    string? CustomerCode, IReadOnlyList<MatchedInvoiceDto> Invoices, decimal Unapplied, decimal Confidence, IReadOnlyList<string> Reasons,
    string Status, string? Receipt, string? Error = null);

public sealed record MatchRunResult(int Lines, int Posted, int Proposed, int Unmatched, decimal Threshold, IReadOnlyList<BankMatchDto> Matches);

/// <summary>Cash application (自动核销) over the imported credits not yet posted: each one matched
/// (<see cref="CashMatcher"/>) against the open invoices and the customers' names and known accounts;
/// with auto-posting, a proposal at or above the configured confidence becomes a receipt applied as
/// proposed, and the payer's account is learnt for the customer. The rest wait in the review queue.</summary>
public static class CashApplication
{
    public const string Proposed = "proposed";
    public const string Posted = "posted";
    public const string Unmatched = "unmatched";

    private sealed record Stored(long ItemId, decimal Amount);

    public static async Task<MatchRunResult> RunAsync(ArFlowDbContext db, bool autoPost, string by, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        var threshold = options.Bank.AutoPostConfidence;
        var lines = await db.BankLines.AsNoTracking()
            .Where(l => l.Amount > 0m && !db.BankMatches.Any(m => m.LineId == l.Id && m.Status == Posted))
            .OrderBy(l => l.BookingDate).ThenBy(l => l.Id).ToListAsync(ct);
        var customers = await db.Customers.IgnoreQueryFilters().AsNoTracking().Select(c => new { c.Id, c.Code, c.Name }).ToListAsync(ct);
        var accounts = (await db.BankPayerAccounts.AsNoTracking().ToListAsync(ct)).ToLookup(a => a.CustomerId, a => a.Account);
        var open = await (
            from o in db.OpenItems.IgnoreQueryFilters()
            join d in db.Documents.IgnoreQueryFilters() on o.ItemId equals d.Id
            where o.Side == ItemSide.Debit && o.Open > 0m
            select new { o.ItemId, o.CustomerId, Number = d.Number ?? "", o.DueDate, o.Open, o.Currency, d.Terms, d.DocumentDate, d.Amount }).AsNoTracking().ToListAsync(ct);
        var numbers = open.ToDictionary(o => o.ItemId, o => o.Number);
        var codes = customers.ToDictionary(c => c.Id, c => c.Code);
        var matcher = new CashMatcher(
            customers.Select(c => new KnownCustomer(c.Id, c.Code, PayerNames.Variants(c.Name), accounts[c.Id].ToList())).ToList(),
            open.Select(o =>
            {
                // The early-payment discount of the terms (2/10 net 30), while its period runs.
                var terms = o.Terms is null ? null : PaymentTerms.Parse(o.Terms).Value;
                return terms is { DiscountPercent: > 0m }
                    ? new OpenInvoice(o.ItemId, o.CustomerId, o.Number, o.DueDate, o.Open, o.Currency,
                        Math.Min(o.Open, terms.DiscountAmount(o.Amount, Domain.Money.Currency.Parse(o.Currency).MinorUnits)), terms.DiscountDeadline(o.DocumentDate))
                    : new OpenInvoice(o.ItemId, o.CustomerId, o.Number, o.DueDate, o.Open, o.Currency);
            }).ToList());
        var existing = await db.BankMatches.Where(m => lines.Select(l => l.Id).Contains(m.LineId)).ToDictionaryAsync(m => m.LineId, ct);

        var results = new List<BankMatchDto>();
        foreach (var line in lines)
        {
            var proposal = matcher.Match(new BankLine(line.SourceLine, line.ValueDate, line.BookingDate, line.Amount, line.Currency, line.Details,
                line.CounterpartyName, line.CounterpartyAccount, line.EndToEndId, line.BankReference));
            matcher.Take(proposal);
            var status = proposal.CustomerId is null ? Unmatched : Proposed;
            string? receipt = null, error = null;
            long? receiptId = null;
            if (autoPost && proposal.CustomerId is { } customer && proposal.Confidence >= threshold)
            {
                var posted = await PostAsync(db, line, customer, codes[customer], proposal.Allocations.Select(a => new Allocate.Line(numbers[a.ItemId], a.Amount)).ToList(),
                    by, options, clock, ct);
                if (posted.IsSuccess) (status, receipt, receiptId) = (Posted, posted.Value!.From.Number, posted.Value.From.Id);
                else error = posted.Errors[0].Line();
            }
            if (!existing.TryGetValue(line.Id, out var row)) db.BankMatches.Add(row = new BankMatch { LineId = line.Id, Allocations = "", Reasons = "", Status = "" });
            (row.CustomerId, row.Allocations, row.Unapplied, row.ConfidencePerMille, row.Reasons, row.Status, row.ReceiptId, row.At, row.By) =
                (proposal.CustomerId, JsonSerializer.Serialize(proposal.Allocations.Select(a => new Stored(a.ItemId, a.Amount))), proposal.Unapplied,
                    (int)Math.Round(proposal.Confidence * 1000m), string.Join(',', proposal.Reasons), status, receiptId, clock.Now, status == Posted ? by : null);
            // Proposals are written in batches; a posting writes them with its receipt.
            if (results.Count % 1000 == 999) await db.SaveChangesAsync(ct);
            results.Add(new BankMatchDto(line.Id, line.BookingDate, line.Amount, line.Currency, line.Details, line.CounterpartyName, line.CounterpartyAccount,
                proposal.CustomerId is { } c ? codes[c] : null, proposal.Allocations.Select(a => new MatchedInvoiceDto(numbers[a.ItemId], a.Amount)).ToList(),
                proposal.Unapplied, proposal.Confidence, proposal.Reasons, status, receipt, error));
        }
        await db.SaveChangesAsync(ct);
        return new MatchRunResult(results.Count, results.Count(r => r.Status == Posted), results.Count(r => r.Status == Proposed), results.Count(r => r.Status == Unmatched),
            threshold, results);
    }

    public sealed record Filter(string? Status = null, int? Page = null, int? PageSize = null);

    /// <summary>The review queue (status proposed, the default), or what was posted or found no customer: newest credits first.</summary>
    public static async Task<Result<Page<BankMatchDto>>> ListAsync(ArFlowDbContext db, Filter f, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        var status = string.IsNullOrWhiteSpace(f.Status) ? Proposed : f.Status.Trim().ToLowerInvariant();
        if (status is not (Proposed or Posted or Unmatched)) return new DomainError(ErrorCodes.InvalidEnum, "status", f.Status!, $"{Proposed}, {Posted}, {Unmatched}");
        var (skip, take, page, size) = Paging.Normalize(f.Page, f.PageSize);
        var q = from m in db.BankMatches.AsNoTracking() where m.Status == status join l in db.BankLines on m.LineId equals l.Id select new { m, l };
        var rows = await q.OrderByDescending(x => x.l.BookingDate).ThenByDescending(x => x.l.Id).Skip(skip).Take(take).ToListAsync(ct);
        var stored = rows.ToDictionary(x => x.m.Id, x => JsonSerializer.Deserialize<List<Stored>>(x.m.Allocations) ?? []);
        var itemIds = stored.Values.SelectMany(a => a.Select(x => x.ItemId)).Distinct().ToList();
        var numbers = await db.Documents.IgnoreQueryFilters().Where(d => itemIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Number ?? "", ct);
        var customerIds = rows.Where(x => x.m.CustomerId != null).Select(x => x.m.CustomerId!.Value).Distinct().ToList();
        var codes = await db.Customers.IgnoreQueryFilters().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        var receiptIds = rows.Where(x => x.m.ReceiptId != null).Select(x => x.m.ReceiptId!.Value).ToList();
        var receipts = await db.Documents.IgnoreQueryFilters().Where(d => receiptIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Number ?? "", ct);
        var items = rows.Select(x => new BankMatchDto(x.l.Id, x.l.BookingDate, x.l.Amount, x.l.Currency, x.l.Details, x.l.CounterpartyName, x.l.CounterpartyAccount,
            x.m.CustomerId is { } c ? codes.GetValueOrDefault(c) : null, stored[x.m.Id].Select(a => new MatchedInvoiceDto(numbers.GetValueOrDefault(a.ItemId, ""), a.Amount)).ToList(),
            x.m.Unapplied, x.m.ConfidencePerMille / 1000m, x.m.Reasons.Split(',', StringSplitOptions.RemoveEmptyEntries), x.m.Status,
            x.m.ReceiptId is { } r ? receipts.GetValueOrDefault(r) : null)).ToList();
        return new Page<BankMatchDto>(items, await q.CountAsync(ct), page, size);
    }

    public sealed record AcceptRequest(string? CustomerCode = null, IReadOnlyList<Allocate.Line>? Invoices = null);

    /// <summary>A person accepts a proposal as it is (one click), or names the customer and the invoices
    /// themselves; either way the receipt is posted and the payer's account learnt for that customer.</summary>
    public static async Task<Result<BankMatchDto>> AcceptAsync(
        ArFlowDbContext db, long lineId, AcceptRequest r, string by, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(r);
        var line = await db.BankLines.AsNoTracking().SingleOrDefaultAsync(l => l.Id == lineId && l.Amount > 0m, ct);
        if (line is null) return new DomainError(ErrorCodes.UnknownBankLine, "lineId", lineId);
        var match = await db.BankMatches.SingleOrDefaultAsync(m => m.LineId == lineId, ct);
        if (match?.Status == Posted) return new DomainError(ErrorCodes.BankLinePosted, "lineId", lineId);
        var code = r.CustomerCode?.Trim();
        IReadOnlyList<Allocate.Line> lines;
        if (string.IsNullOrEmpty(code))
        {
            if (match?.CustomerId is not { } proposed) return new DomainError(ErrorCodes.Required, "customerCode");
            code = await db.Customers.IgnoreQueryFilters().Where(c => c.Id == proposed).Select(c => c.Code).SingleAsync(ct);
            var stored = JsonSerializer.Deserialize<List<Stored>>(match.Allocations) ?? [];
            var ids = stored.Select(a => a.ItemId).ToList();
            var numbers = await db.Documents.IgnoreQueryFilters().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Number ?? "", ct);
            lines = stored.Select(a => new Allocate.Line(numbers[a.ItemId], a.Amount)).ToList();
        }
        else lines = r.Invoices ?? [];
        var customer = await db.Customers.AsNoTracking().Where(c => c.Code == code).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);
        if (customer is null) return new DomainError(ErrorCodes.UnknownCustomer, "customerCode", code);
        var posted = await PostAsync(db, line, customer.Value, code, lines, by, options, clock, ct);
        if (!posted.IsSuccess) return Result<BankMatchDto>.Fail(posted.Errors);
        if (match is null) db.BankMatches.Add(match = new BankMatch { LineId = line.Id, Allocations = "", Reasons = "", Status = "" });
        var allocations = posted.Value!.Allocations;
        (match.CustomerId, match.Status, match.ReceiptId, match.At, match.By, match.Unapplied) = (customer, Posted, posted.Value.From.Id, clock.Now, by, posted.Value.Unapplied);
        var applied = allocations.Select(a => a.InvoiceNumber).Distinct().ToList();
        var items = await db.Documents.IgnoreQueryFilters().Where(d => d.CustomerId == customer && d.Kind == DocumentKind.Invoice && applied.Contains(d.Number!))
            .ToDictionaryAsync(d => d.Number!, d => d.Id, ct);
        match.Allocations = JsonSerializer.Serialize(allocations.Where(a => items.ContainsKey(a.InvoiceNumber)).Select(a => new Stored(items[a.InvoiceNumber], a.Amount)));
        await db.SaveChangesAsync(ct);
        return new BankMatchDto(line.Id, line.BookingDate, line.Amount, line.Currency, line.Details, line.CounterpartyName, line.CounterpartyAccount, code,
            allocations.Select(a => new MatchedInvoiceDto(a.InvoiceNumber, a.Amount)).ToList(), posted.Value.Unapplied, match.ConfidencePerMille / 1000m,
            match.Reasons.Split(',', StringSplitOptions.RemoveEmptyEntries), Posted, posted.Value.From.Number);
    }

    /// <summary>The receipt for a bank credit, applied as given: numbered by the bank line (so it is one
    /// receipt however often it is posted), referenced by the bank's reference; the payer's account is
    /// learnt for the customer.</summary>
    private static async Task<Result<Allocate.Response>> PostAsync(
        ArFlowDbContext db, BankLineRecord line, long customerId, string customerCode, IReadOnlyList<Allocate.Line> allocations, string by,
        ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        var request = new RecordReceipt.Request(customerCode, $"BANK-{line.Id}", line.BookingDate, line.Amount, line.Currency, "bank-transfer",
            line.BankReference ?? line.EndToEndId, Memo: line.Details.Length > 500 ? line.Details[..500] : line.Details, Lines: allocations, AutoAllocate: false);
        var posted = await RecordReceipt.Handle(db, request, options, clock, ct);
        if (posted.IsSuccess && RemittanceReferences.Normalize(line.CounterpartyAccount) is { Length: > 0 } account
            && !await db.BankPayerAccounts.AnyAsync(a => a.Account == account, ct))
        {
            db.BankPayerAccounts.Add(new BankPayerAccount { CustomerId = customerId, Account = account, LinkedAt = clock.Now, LinkedBy = by });
            await db.SaveChangesAsync(ct);
        }
        return posted;
    }
}
