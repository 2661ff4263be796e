using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using ArFlow.Shell;
using ArFlow.Infrastructure.Outbox;
using ArFlow.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Statements;

public sealed record StatementBalance(string Currency, decimal Closing);

/// <summary>Issues statements of account: the PDF in the contact's language with a new portal link and
/// its QR code, kept as issued (<see cref="IssuedStatement"/>), and — when asked — emailed to the
/// customer's first contact with an address that was not refused, the PDF attached. The monthly run
/// does this for every customer with a balance or movements in the month, once per customer and month.</summary>
public sealed class IssueStatements(ArFlowOptions options, Clock clock, PortalTokens tokens)
{
    public const string Issued = "issued", Confirmed = "confirmed", Disputed = "disputed";
    public const string Topic = "statement.sent";

    public sealed record Request(string? Customer, DateOnly? From, DateOnly? To, string? Language = null, bool Send = false);

    /// <summary>The statement issued, its link (the only time the token is shown in full) and where it was sent.</summary>
    public sealed record Result(long Id, string Number, string CustomerCode, DateOnly From, DateOnly To, string Language,
        IReadOnlyList<StatementBalance> Balances, string PdfSha256, string PortalLink, DateTimeOffset LinkExpiresAt, string? SentTo);

    public async Task<Result<Result>> IssueAsync(ArFlowDbContext db, Request r, string by, CancellationToken ct, string? runMonth = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(r);
        var check = new Check();
        string? language = null;
        if (r.Language is not null)
        {
            if (r.Language is "zh-CN" or "en-US") language = r.Language;
            else check.Add(ErrorCodes.InvalidEnum, "language", r.Language, "zh-CN, en-US");
        }
        if (!check.Ok) return Result<Result>.Fail(check.Errors);
        var statement = await StatementQuery.RunAsync(db, r.Customer, r.From, r.To, ct);
        if (!statement.IsSuccess) return Result<Result>.Fail(statement.Errors);
        var s = statement.Value!;
        var customer = await db.Customers.AsNoTracking().Include(c => c.Contacts).SingleAsync(c => c.Code == s.CustomerCode, ct);
        var contact = customer.Contacts.OrderBy(c => c.Id).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Email) && c.EmailRefusedAt == null);
        if (r.Send && contact is null) return new DomainError(ErrorCodes.StatementNoEmail, "send", customer.Code);
        language ??= Text.Closest(contact?.Language ?? customer.Contacts.Select(c => c.Language).FirstOrDefault(l => l is not null) ?? "zh-CN").Name;
        var balances = s.Currencies.Select(c => new StatementBalance(c.Currency, c.ClosingBalance)).ToList();
        return await db.WriteAsync<Result>(async () =>
        {
            var row = new IssuedStatement
            {
                Number = "pending-" + Guid.NewGuid().ToString("N"), CustomerId = customer.Id, From = s.From, To = s.To, Language = language,
                Balances = JsonSerializer.Serialize(balances, JsonSerializerOptions.Web), Pdf = [], PdfSha256 = "", IssuedAt = clock.Now, IssuedBy = by,
                RunMonth = runMonth, SentTo = r.Send ? contact!.Email!.Trim() : null, Status = Issued,
            };
            db.IssuedStatements.Add(row);
            await db.SaveChangesAsync(ct);
            var link = NewLink(db, row, by);
            await db.SaveChangesAsync(ct);
            var url = Url(link.Id);
            row.Number = string.Create(CultureInfo.InvariantCulture, $"{customer.Code}-{s.To:yyyyMM}-{row.Id}");
            row.Pdf = StatementPdf.Render(s, StatementPdf.Header(options, language, row.Number, clock.Today, url), language, options.Buckets, options.Dunning.LetterFont);
            row.PdfSha256 = Convert.ToHexStringLower(SHA256.HashData(row.Pdf));
            if (row.SentTo is { } to)
                db.Outbox.Add(new OutboxMessage
                {
                    Channel = OutboxChannels.Email, Topic = Topic, Target = to, CreatedAt = clock.Now, NextAttemptAt = clock.Now, StatementId = row.Id,
                    Subject = Text.Get(Text.Closest(language), "statement.mail.subject", options.Dunning.CompanyName, Fmt.Date(s.From), Fmt.Date(s.To)),
                    Body = Text.Get(Text.Closest(language), "statement.mail.body", contact!.Name, Fmt.Date(s.From), Fmt.Date(s.To),
                        string.Join(", ", balances.Select(b => $"{b.Closing.ToString("#,0.00", CultureInfo.InvariantCulture)} {b.Currency}")),
                        url, Fmt.Date(DateOnly.FromDateTime(clock.Local(link.ExpiresAt).DateTime)), options.Dunning.CompanyName),
                });
            await db.SaveChangesAsync(ct);
            return new Result(row.Id, row.Number, customer.Code, s.From, s.To, language, balances, row.PdfSha256, url, link.ExpiresAt, row.SentTo);
        }, ct);
    }

    /// <summary>A new link for an issued statement (the old ones stay as they are: revoke them if they leaked).</summary>
    public async Task<Result<(string Url, DateTimeOffset ExpiresAt)>> RelinkAsync(ArFlowDbContext db, long statementId, string by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await db.IssuedStatements.SingleOrDefaultAsync(x => x.Id == statementId, ct);
        if (row is null) return new DomainError(ErrorCodes.UnknownStatement, "id", statementId);
        var link = NewLink(db, row, by);
        await db.SaveChangesAsync(ct);
        return (Url(link.Id), link.ExpiresAt);
    }

    public async Task<Result<bool>> RevokeAsync(ArFlowDbContext db, long linkId, string by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var link = await db.PortalLinks.SingleOrDefaultAsync(l => l.Id == linkId, ct);
        // A link of a customer the person may not see is no different from none.
        if (link is null || !await db.Customers.AnyAsync(c => c.Id == link.CustomerId, ct)) return new DomainError(ErrorCodes.UnknownPortalLink, "id", linkId);
        if (link.RevokedAt is null) (link.RevokedAt, link.RevokedBy) = (clock.Now, by);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Last month's statements for every customer that had a balance at its end or movements in
    /// it: emailed where there is an address, kept for printing where there is none. A customer already
    /// issued for the month is skipped, so a second run (or instance) adds nothing.</summary>
    public async Task<MonthRun> RunMonthAsync(ArFlowDbContext db, int year, int month, string by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var from = new DateOnly(year, month, 1);
        var to = from.AddMonths(1).AddDays(-1);
        var key = from.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var withBalance = db.LedgerEntries.Where(e => e.PostedDate <= to).GroupBy(e => new { e.CustomerId, e.Currency })
            .Where(g => g.Sum(e => e.Amount) != 0m).Select(g => g.Key.CustomerId);
        var moved = db.LedgerEntries.Where(e => e.PostedDate >= from && e.PostedDate <= to).Select(e => e.CustomerId);
        var done = db.IssuedStatements.Where(x => x.RunMonth == key).Select(x => x.CustomerId);
        var customers = await db.Customers.AsNoTracking()
            .Where(c => (withBalance.Contains(c.Id) || moved.Contains(c.Id)) && !done.Contains(c.Id))
            .OrderBy(c => c.Code)
            .Select(c => new { c.Code, Email = c.Contacts.Any(k => k.Email != null && k.Email != "" && k.EmailRefusedAt == null) })
            .ToListAsync(ct);
        var (sent, printed) = (0, 0);
        foreach (var c in customers)
        {
            try
            {
                var issued = await IssueAsync(db, new Request(c.Code, from, to, Send: c.Email), by, ct, key);
                if (!issued.IsSuccess) continue;
                if (issued.Value!.SentTo is null) printed++;
                else sent++;
            }
            catch (DbUpdateException)
            {
                // Another instance issued this one meanwhile (the unique customer and month).
                db.ChangeTracker.Clear();
            }
        }
        return new MonthRun(key, sent, printed, await db.IssuedStatements.CountAsync(x => x.RunMonth == key, ct));
    }

    public sealed record MonthRun(string Month, int Sent, int ToPrint, int IssuedInAll);

    /// <summary>The scheduled run: on <c>MonthlyRunDay</c> at the dunning run's time (company clock), last month's, once —
    /// or within the six days after, when no instance was running then; never later (a server installed mid-month
    /// does not send last month's statements out of the blue).</summary>
    public async Task<MonthRun?> RunScheduledAsync(ArFlowDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var day = options.Statements.MonthlyRunDay;
        var today = clock.Today;
        if (!MonthlyRun.IsDue(clock.Local(clock.Now).DateTime, day, options.Dunning.RunTime)) return null;
        var last = today.AddMonths(-1);
        var mark = "statements.monthly";
        var key = last.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (await db.JobMarks.AsNoTracking().AnyAsync(m => m.Name == mark && m.Value == key, ct)) return null;
        var run = await RunMonthAsync(db, last.Year, last.Month, "system", ct);
        var row = await db.JobMarks.SingleOrDefaultAsync(m => m.Name == mark, ct);
        if (row is null) db.JobMarks.Add(new JobMark { Name = mark, Value = key });
        else row.Value = key;
        await db.SaveChangesAsync(ct);
        return run;
    }

    private PortalLink NewLink(ArFlowDbContext db, IssuedStatement statement, string by)
    {
        var link = new PortalLink
        {
            StatementId = statement.Id, CustomerId = statement.CustomerId, CreatedAt = clock.Now, CreatedBy = by,
            ExpiresAt = clock.Now.AddDays(Math.Max(1, options.Statements.LinkDays)),
        };
        db.PortalLinks.Add(link);
        return link;
    }

    private string Url(long linkId) => options.PublicUrl.TrimEnd('/') + "/portal/" + tokens.For(linkId);
}

/// <summary>Runs the monthly statements on the day configured.</summary>
public sealed class StatementRunJob(IServiceProvider services, ArFlowOptions options, ILogger<StatementRunJob> log)
    : PeriodicJob(services, options, log, TimeSpan.FromMinutes(15))
{
    protected override Task RunOnceAsync(IServiceProvider scope, CancellationToken ct) =>
        scope.GetRequiredService<IssueStatements>().RunScheduledAsync(scope.GetRequiredService<ArFlowDbContext>(), ct);
}
