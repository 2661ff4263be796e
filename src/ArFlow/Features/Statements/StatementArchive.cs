using System.Globalization;
using System.Security.Cryptography;
using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Statements;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Statements;

public sealed record ArchivedStatement(
    long Id, string Number, string CustomerCode, string CustomerName, DateOnly From, DateOnly To, string Language,
    IReadOnlyList<StatementBalance> Balances, string PdfSha256, DateTimeOffset IssuedAt, string IssuedBy, string? RunMonth,
    string? SentTo, string? Delivery, string Status, DateTimeOffset? RepliedAt);

public sealed record ArchivedLink(long Id, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, string? RevokedBy);

/// <summary>A reply as the auditors see it, with whether its seal still matches what is stored.</summary>
public sealed record ArchivedReply(
    long Id, string Kind, string SignerName, string? SignerPosition, DateTimeOffset At, string Ip, string UserAgent, long LinkId,
    bool HasSignature, long? DisputeId, string? DisputedNumber, decimal? DisputedAmount, string? Reason, string? Comment, string? FileName,
    string Seal, bool SealMatches);

public sealed record ArchivedStatementDetail(ArchivedStatement Statement, bool PdfMatches, IReadOnlyList<ArchivedLink> Links, IReadOnlyList<ArchivedReply> Replies);

/// <summary>The archive of issued statements and what customers answered, for the collectors and the
/// auditors: searchable by customer, status, period and number, exportable, and checkable — each PDF
/// against its SHA-256 and each reply against its seal.</summary>
public static class StatementArchive
{
    public static readonly string[] Statuses = [IssueStatements.Issued, IssueStatements.Confirmed, IssueStatements.Disputed];

    public sealed record Filter(string? Customer = null, string? Status = null, DateOnly? From = null, DateOnly? To = null, string? Q = null, int? Page = null, int? PageSize = null);

    public static async Task<Result<Page<ArchivedStatement>>> ListAsync(ArFlowDbContext db, Filter f, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        if (f.Status is { } st && !Statuses.Contains(st)) return new DomainError(ErrorCodes.InvalidEnum, "status", st, string.Join(", ", Statuses));
        var q = from s in db.IssuedStatements.AsNoTracking() join c in db.Customers on s.CustomerId equals c.Id select new { s, c.Code, c.Name };
        if (!string.IsNullOrWhiteSpace(f.Customer)) q = q.Where(x => x.Code == f.Customer.Trim());
        if (f.Status is not null) q = q.Where(x => x.s.Status == f.Status);
        // Statements whose period touches the one asked for.
        if (f.From is { } from) q = q.Where(x => x.s.To >= from);
        if (f.To is { } to) q = q.Where(x => x.s.From <= to);
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var text = f.Q.Trim();
            q = q.Where(x => x.s.Number.Contains(text) || x.Name.Contains(text) || x.Code.Contains(text) || (x.s.SentTo != null && x.s.SentTo.Contains(text)));
        }
        var (skip, take, page, size) = Paging.Normalize(f.Page, f.PageSize);
        var total = await q.CountAsync(ct);
        var items = await RowsAsync(db, q.OrderByDescending(x => x.s.Id).Skip(skip).Take(take).Select(x => new Row { S = x.s, Code = x.Code, Name = x.Name }), ct);
        return new Page<ArchivedStatement>(items, total, page, size);
    }

    /// <summary>A statement with its customer, made by member initialisation so that queries can go on from it.</summary>
    private sealed class Row
    {
        public required Data.Entities.IssuedStatement S { get; init; }
        public required string Code { get; init; }
        public required string Name { get; init; }
    }

    /// <summary>The statements with where their email got to (the last message of each).</summary>
    private static async Task<List<ArchivedStatement>> RowsAsync(ArFlowDbContext db, IQueryable<Row> query, CancellationToken ct)
    {
        var rows = await query.Select(x => new { x.S.Id, x.S.Number, x.Code, x.Name, x.S.From, x.S.To, x.S.Language, x.S.Balances, x.S.PdfSha256, x.S.IssuedAt, x.S.IssuedBy, x.S.RunMonth, x.S.SentTo, x.S.Status, x.S.RepliedAt })
            .ToListAsync(ct);
        var ids = rows.Select(r => (long?)r.Id).ToList();
        var mails = (await db.Outbox.AsNoTracking().Where(m => ids.Contains(m.StatementId)).ToListAsync(ct)).ToLookup(m => m.StatementId!.Value);
        return rows.Select(r => new ArchivedStatement(r.Id, r.Number, r.Code, r.Name, r.From, r.To, r.Language, Portal.Balances(r.Balances),
            r.PdfSha256, r.IssuedAt, r.IssuedBy, r.RunMonth, r.SentTo, mails[r.Id].OrderBy(m => m.Id).Select(DeliveryState.Of).LastOrDefault(), r.Status, r.RepliedAt)).ToList();
    }

    public static async Task<Result<ArchivedStatementDetail>> DetailAsync(ArFlowDbContext db, long id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var s = await db.IssuedStatements.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (s is null) return new DomainError(ErrorCodes.UnknownStatement, "id", id);
        var listed = (await RowsAsync(db, from x in db.IssuedStatements.AsNoTracking() where x.Id == id join c in db.Customers on x.CustomerId equals c.Id select new Row { S = x, Code = c.Code, Name = c.Name }, ct)).Single();
        var links = await db.PortalLinks.AsNoTracking().Where(l => l.StatementId == id).OrderBy(l => l.Id)
            .Select(l => new ArchivedLink(l.Id, l.CreatedAt, l.CreatedBy, l.ExpiresAt, l.RevokedAt, l.RevokedBy)).ToListAsync(ct);
        var replies = await (
            from r in db.StatementReplies.AsNoTracking().Where(r => r.StatementId == id)
            from d in db.Disputes.Where(d => d.Id == r.DisputeId).DefaultIfEmpty()
            from doc in db.Documents.Where(doc => doc.Id == d.DocumentId).DefaultIfEmpty()
            orderby r.Id
            select new { r, Number = doc.Number, Amount = (decimal?)d.Amount, Reason = (Domain.Collections.DisputeReason?)d.Reason }).ToListAsync(ct);
        return new ArchivedStatementDetail(listed, Convert.ToHexStringLower(SHA256.HashData(s.Pdf)) == s.PdfSha256, links,
            replies.Select(x =>
            {
                var reason = x.Reason is { } why ? Check.Kebab(why.ToString()) : null;
                var facts = new ReplyFacts(s.Number, s.PdfSha256, x.r.Kind, x.r.SignerName, x.r.SignerPosition, x.r.Signature,
                    x.Number, x.Amount, reason, x.r.Comment, x.r.File, x.r.At, x.r.Ip, x.r.UserAgent);
                return new ArchivedReply(x.r.Id, x.r.Kind, x.r.SignerName, x.r.SignerPosition, x.r.At, x.r.Ip, x.r.UserAgent, x.r.LinkId,
                    x.r.Signature is not null, x.r.DisputeId, x.Number, x.Amount, reason, x.r.Comment, x.r.FileName, x.r.Seal, ReplySeal.Compute(facts) == x.r.Seal);
            }).ToList());
    }

    /// <summary>The stored PDF, the drawn signature or the attached file of a statement the person may see.</summary>
    public static async Task<(string Name, string Type, byte[] Content)?> FileAsync(ArFlowDbContext db, long id, long? replyId, string what, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var s = await db.IssuedStatements.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.Number, x.Pdf }).SingleOrDefaultAsync(ct);
        if (s is null) return null;
        if (what == "pdf") return ($"statement-{s.Number}.pdf", "application/pdf", s.Pdf);
        var r = await db.StatementReplies.AsNoTracking().SingleOrDefaultAsync(x => x.Id == replyId && x.StatementId == id, ct);
        return what switch
        {
            "signature" when r?.Signature is { } png => ($"signature-{s.Number}-{r.Id}.png", "image/png", png),
            "file" when r?.File is { } file => (r.FileName ?? "file", r.FileType ?? "application/octet-stream", file),
            _ => null,
        };
    }

    /// <summary>The archive as rows for a workbook, in the reader's language.</summary>
    public static IEnumerable<Dictionary<string, object?>> Rows(IEnumerable<ArchivedStatement> items, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(items);
        string T(string key) => Text.Get(culture, key);
        foreach (var s in items)
            yield return new()
            {
                [T("archive.col.number")] = s.Number, [T("report.customer_code")] = s.CustomerCode, [T("report.customer")] = s.CustomerName,
                [T("archive.col.from")] = s.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), [T("archive.col.to")] = s.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                [T("report.balance")] = string.Join("; ", s.Balances.Select(b => $"{b.Closing.ToString("0.00", CultureInfo.InvariantCulture)} {b.Currency}")),
                [T("archive.col.issued")] = s.IssuedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), [T("archive.col.sent_to")] = s.SentTo,
                [T("archive.col.delivery")] = s.Delivery is null ? null : T("delivery.state." + s.Delivery), [T("archive.col.status")] = T("archive.status." + s.Status),
                [T("archive.col.replied")] = s.RepliedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), [T("archive.col.sha256")] = s.PdfSha256,
            };
    }
}
