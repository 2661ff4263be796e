using System.Globalization;
using System.Text.Json;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Collections;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Statements;
using ArFlow.Features.Collections;
using ArFlow.Features.Webhooks;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace ArFlow.Features.Statements;

/// <summary>Who is answering through the portal: the address and browser the archive keeps.</summary>
public sealed record Visitor(string Ip, string UserAgent);

public sealed record PortalReplyView(string Kind, string SignerName, string? SignerPosition, DateTimeOffset At, string? DisputedNumber, string? Comment, string? FileName, string Seal);

/// <summary>What the portal shows for one link: the statement as issued (its number, balances and
/// PDF) with the movements and open items of its period, and the answers given so far.</summary>
public sealed record PortalView(
    long LinkId, long StatementId, string Number, string Language, string CompanyName, string Status, DateTimeOffset ExpiresAt,
    IReadOnlyList<StatementBalance> Balances, Statement Statement, IReadOnlyList<PortalReplyView> Replies);

/// <summary>The customer portal: a signed link opens one statement of one customer, no account needed.
/// Everything is reached through the link, never by an id the visitor could change: a line disputed
/// must be one of that statement's open items. Confirming (name, position, drawn signature) and
/// disputing a line (reason, comment, a file) are kept as write-once replies sealed with SHA-256
/// (<see cref="ReplySeal"/>); a dispute also opens a dispute record for the collector.</summary>
public sealed class Portal(PortalTokens tokens, Clock clock, ArFlowOptions options)
{
    public const int MaxSignatureBytes = 512 * 1024;

    public sealed record Confirmation(string? Name, string? Position, byte[]? Signature);

    public sealed record DisputeLine(long? DocumentId, string? Reason, string? Comment, string? Name, decimal? Amount, Upload? File);

    /// <summary>The link's statement, or why it does not open: unknown or altered (404), expired or revoked (410).</summary>
    public async Task<Result<PortalView>> OpenAsync(ArFlowDbContext db, string? token, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var found = await LinkAsync(db, token, ct);
        if (!found.IsSuccess) return Result<PortalView>.Fail(found.Errors);
        var (link, statement) = found.Value;
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == statement.CustomerId).Select(c => c.Code).SingleAsync(ct);
        var lines = await StatementQuery.RunAsync(db, customer, statement.From, statement.To, ct);
        var replies = await (
            from r in db.StatementReplies.AsNoTracking().Where(r => r.StatementId == statement.Id)
            from d in db.Disputes.Where(d => d.Id == r.DisputeId).DefaultIfEmpty()
            from doc in db.Documents.Where(doc => doc.Id == d.DocumentId).DefaultIfEmpty()
            orderby r.Id
            select new PortalReplyView(r.Kind, r.SignerName, r.SignerPosition, r.At, doc.Number, r.Comment, r.FileName, r.Seal)).ToListAsync(ct);
        return new PortalView(link.Id, statement.Id, statement.Number, statement.Language, options.Dunning.CompanyName, statement.Status, link.ExpiresAt,
            Balances(statement), lines.Value!, replies);
    }

    /// <summary>The PDF exactly as it was sent.</summary>
    public async Task<Result<(string Number, byte[] Pdf)>> PdfAsync(ArFlowDbContext db, string? token, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var found = await LinkAsync(db, token, ct);
        return found.IsSuccess ? (found.Value.Statement.Number, found.Value.Statement.Pdf) : Result<(string, byte[])>.Fail(found.Errors);
    }

    public async Task<Result<PortalReplyView>> ConfirmAsync(ArFlowDbContext db, string? token, Confirmation c, Visitor visitor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(visitor);
        var found = await LinkAsync(db, token, ct);
        if (!found.IsSuccess) return Result<PortalReplyView>.Fail(found.Errors);
        var check = new Check();
        var name = check.Text("name", c.Name, 100);
        var position = check.Text("position", c.Position, 100);
        if (!IsDrawn(c.Signature)) check.Add(ErrorCodes.NotASignature, "signature");
        if (!check.Ok) return Result<PortalReplyView>.Fail(check.Errors);
        var (link, statement) = found.Value;
        if (await Refusal(db, statement, ct) is { } refused) return refused;
        return await db.WriteAsync<PortalReplyView>(async () =>
        {
            var reply = Reply(link, statement, "confirmed", name, position, visitor);
            reply.Signature = c.Signature;
            reply.Seal = ReplySeal.Compute(new ReplyFacts(statement.Number, statement.PdfSha256, reply.Kind, name, position, c.Signature,
                null, null, null, null, null, reply.At, visitor.Ip, visitor.UserAgent));
            db.StatementReplies.Add(reply);
            var row = await db.IssuedStatements.SingleAsync(s => s.Id == statement.Id, ct);
            (row.Status, row.RepliedAt) = (IssueStatements.Confirmed, reply.At);
            AsVisitor(db, name, visitor);
            await db.SaveChangesAsync(ct);
            var customer = await db.Customers.AsNoTracking().Where(x => x.Id == statement.CustomerId).Select(x => x.Code).SingleAsync(ct);
            await WebhookEvents.RaiseAsync(db, WebhookEvents.StatementConfirmed, new
            {
                statement = statement.Number, customer, from = statement.From, to = statement.To, balances = Balances(statement),
                confirmedBy = name, position, at = reply.At, seal = reply.Seal,
            }, clock, ct);
            return View(reply, null);
        }, ct);
    }

    public async Task<Result<PortalReplyView>> DisputeAsync(ArFlowDbContext db, string? token, DisputeLine d, Visitor visitor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(visitor);
        var found = await LinkAsync(db, token, ct);
        if (!found.IsSuccess) return Result<PortalReplyView>.Fail(found.Errors);
        var (link, statement) = found.Value;
        var check = new Check();
        var name = check.Text("name", d.Name, 100);
        var comment = check.Text("comment", d.Comment, 1000);
        var reason = d.Reason is null ? DisputeReason.Other : check.Choice("reason", d.Reason, DisputeReason.Other);
        if (d.DocumentId is null) check.Add(ErrorCodes.Required, "line");
        if (!check.Ok) return Result<PortalReplyView>.Fail(check.Errors);
        // Only the open items of this statement: the visitor never names another customer's document.
        var customer = await db.Customers.AsNoTracking().Where(x => x.Id == statement.CustomerId).Select(x => x.Code).SingleAsync(ct);
        var lines = (await StatementQuery.RunAsync(db, customer, statement.From, statement.To, ct)).Value!;
        var item = Disputable(lines).FirstOrDefault(o => o.DocumentId == d.DocumentId);
        if (item is null) return new DomainError(ErrorCodes.NotOnStatement, "line", d.DocumentId!.Value);
        if (await Refusal(db, statement, ct, disputing: true) is { } refused) return refused;
        return await db.WriteAsync<PortalReplyView>(async () =>
        {
            AsVisitor(db, name, visitor);
            var dispute = await Disputes.OpenAsync(db, new Disputes.Request(customer, item.Number, d.Amount, Check.Kebab(reason.ToString()), Note: comment),
                Text.Get(Text.English, "portal.by", name), clock, ct);
            if (!dispute.IsSuccess) return Result<PortalReplyView>.Fail(dispute.Errors);
            var reply = Reply(link, statement, "disputed", name, null, visitor);
            (reply.DisputeId, reply.Comment) = (dispute.Value!.Id, comment);
            (reply.FileName, reply.FileType, reply.File) = (d.File?.FileName, d.File?.ContentType, d.File?.Content);
            reply.Seal = ReplySeal.Compute(new ReplyFacts(statement.Number, statement.PdfSha256, reply.Kind, name, null, null,
                item.Number, dispute.Value.Amount, dispute.Value.Reason, comment, d.File?.Content, reply.At, visitor.Ip, visitor.UserAgent));
            db.StatementReplies.Add(reply);
            var row = await db.IssuedStatements.SingleAsync(s => s.Id == statement.Id, ct);
            (row.Status, row.RepliedAt) = (IssueStatements.Disputed, reply.At);
            await db.SaveChangesAsync(ct);
            return View(reply, item.Number);
        }, ct);
    }

    /// <summary>Link and statement behind a token, whatever customer scope the context has (the visitor has none).</summary>
    private async Task<Result<(PortalLink Link, IssuedStatement Statement)>> LinkAsync(ArFlowDbContext db, string? token, CancellationToken ct)
    {
        var id = tokens.Read(token);
        var link = id is null ? null : await db.PortalLinks.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, ct);
        if (link is null) return new DomainError(ErrorCodes.UnknownPortalLink, "token", "");
        if (link.RevokedAt is not null) return new DomainError(ErrorCodes.PortalRevoked, "token");
        if (link.ExpiresAt <= clock.Now)
            return new DomainError(ErrorCodes.PortalExpired, "token", clock.Local(link.ExpiresAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        var statement = await db.IssuedStatements.IgnoreQueryFilters().AsNoTracking().SingleAsync(s => s.Id == link.StatementId, ct);
        return (link, statement);
    }

    private async Task<DomainError?> Refusal(ArFlowDbContext db, IssuedStatement statement, CancellationToken ct, bool disputing = false)
    {
        var status = await db.IssuedStatements.IgnoreQueryFilters().Where(s => s.Id == statement.Id).Select(s => new { s.Status, s.RepliedAt }).SingleAsync(ct);
        if (status.Status == IssueStatements.Confirmed)
            return new DomainError(ErrorCodes.StatementAlreadyConfirmed, "statement", clock.Local(status.RepliedAt!.Value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (status.Status == IssueStatements.Disputed && !disputing) return new DomainError(ErrorCodes.StatementDisputed, "statement");
        return null;
    }

    private StatementReply Reply(PortalLink link, IssuedStatement statement, string kind, string name, string? position, Visitor visitor) => new()
    {
        StatementId = statement.Id, CustomerId = statement.CustomerId, LinkId = link.Id, Kind = kind, SignerName = name, SignerPosition = position,
        At = clock.Now, Ip = Cut(visitor.Ip, 64), UserAgent = Cut(visitor.UserAgent, 512), Seal = "",
    };

    /// <summary>The audit trail names the person at the customer, through the portal, from their address.</summary>
    private static void AsVisitor(ArFlowDbContext db, string name, Visitor visitor) =>
        db.ActorOf = () => new AuditActor(Text.Get(Text.English, "portal.by", name), "portal", visitor.Ip);

    /// <summary>The lines a customer may dispute: the statement's open invoices and charges.</summary>
    public static IEnumerable<OpenItemLine> Disputable(Statement s) =>
        (s ?? throw new ArgumentNullException(nameof(s))).Currencies.SelectMany(c => c.OpenItems).Where(o => o.Kind is "invoice" or "charge");

    /// <summary>A PNG with something drawn on it: at least a few dozen inked pixels.</summary>
    public static bool IsDrawn(byte[]? png)
    {
        if (png is null || png.Length is < 8 or > MaxSignatureBytes || png[0] != 0x89 || png[1] != (byte)'P') return false;
        using var bitmap = SKBitmap.Decode(png);
        if (bitmap is null || bitmap.Width > 2000 || bitmap.Height > 1000) return false;
        var inked = 0;
        for (var y = 0; y < bitmap.Height; y += 2)
            for (var x = 0; x < bitmap.Width; x += 2)
            {
                var p = bitmap.GetPixel(x, y);
                if (p.Alpha > 128 && p.Red + p.Green + p.Blue < 384 && ++inked >= 30) return true;
            }
        return false;
    }

    public static IReadOnlyList<StatementBalance> Balances(IssuedStatement s) => Balances(s?.Balances ?? "[]");

    public static IReadOnlyList<StatementBalance> Balances(string json) => JsonSerializer.Deserialize<List<StatementBalance>>(json, JsonSerializerOptions.Web) ?? [];

    private static PortalReplyView View(StatementReply r, string? number) =>
        new(r.Kind, r.SignerName, r.SignerPosition, r.At, number, r.Comment, r.FileName, r.Seal);

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
