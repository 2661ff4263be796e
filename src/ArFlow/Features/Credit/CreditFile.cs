using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Credit;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using ArFlow.Domain.Money;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Credit;

public sealed record CreditProfileDto(DateOnly? FoundedOn, decimal? RegisteredCapital, string? Industry, string? Region);

public sealed record StatementDto(FinancialStatement Statement, FinancialRatios Ratios);

public sealed record CreditReportDto(long Id, string Provider, DateOnly ReportDate, string? Rating, decimal? Score, int Lawsuits, string? Notes, string? FileName);

public sealed record ScoreDto(decimal Score, string Grade, IReadOnlyList<ScoreReason> Reasons, IReadOnlyList<string> ReasonTexts);

/// <summary>What the credit policy recommends for the grade the score gives: terms, a limit from the
/// latest statement (null without one), prepayment or a guarantee, and when to review again.</summary>
public sealed record RecommendationDto(string Grade, string Terms, decimal? Limit, bool Prepayment, bool Guarantee, int ReviewMonths);

/// <summary>Everything the credit file knows of a customer as of a date: registration, statements
/// with their ratios, third-party reports, payment behaviour from the ledger, exposure against the
/// limit, the score the scorecard gives all of it (with the inputs it read), and the grade and next
/// review the last approved review decided.</summary>
public sealed record CreditFileDto(
    string CustomerCode, string CustomerName, string Currency, DateOnly AsOf, CreditProfileDto? Profile,
    IReadOnlyList<StatementDto> Statements, IReadOnlyList<CreditReportDto> Reports, PaymentBehaviour Behaviour,
    CreditExposure Exposure, decimal? Utilisation, IReadOnlyDictionary<string, decimal?> Inputs, ScoreDto Score, RecommendationDto Recommendation,
    string? Grade, DateOnly? NextReview);

public static class CreditFile
{
    public sealed record ProfileRequest(DateOnly? FoundedOn, decimal? RegisteredCapital, string? Industry, string? Region);

    public sealed record StatementRequest(
        decimal? TotalAssets, decimal? TotalLiabilities, decimal? CurrentAssets, decimal? CurrentLiabilities,
        decimal? Revenue, decimal? NetProfit, decimal? OperatingCashFlow, decimal? Inventory = null);

    public sealed record ReportRequest(string? Provider, DateOnly? ReportDate, string? Rating = null, decimal? Score = null, int? Lawsuits = null, string? Notes = null);

    public static async Task<CreditFileDto?> GetAsync(ArFlowDbContext db, string code, DateOnly asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, ct);
        if (customer is null) return null;
        var profile = await db.CreditProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.CustomerId == customer.Id, ct);
        var statements = (await db.FinancialStatements.AsNoTracking().Where(s => s.CustomerId == customer.Id).OrderByDescending(s => s.Year).ToListAsync(ct))
            .Select(s => new FinancialStatement(s.Year, s.TotalAssets, s.TotalLiabilities, s.CurrentAssets, s.CurrentLiabilities, s.Revenue, s.NetProfit, s.OperatingCashFlow, s.Inventory))
            .Select(s => new StatementDto(s, FinancialRatios.Of(s))).ToList();
        // Reports are ordered by id: SQLite cannot order instants, and ids follow entry.
        var reports = await db.CreditReports.AsNoTracking().Where(r => r.CustomerId == customer.Id).OrderByDescending(r => r.ReportDate).ThenByDescending(r => r.Id)
            .Select(r => new CreditReportDto(r.Id, r.Provider, r.ReportDate, r.Rating, r.Score, r.Lawsuits, r.Notes, r.FileName)).ToListAsync(ct);
        var since = asOf.AddMonths(-12);
        var behaviour = PaymentBehaviour.Of(await OutcomesAsync(db, customer.Id, asOf, ct), asOf) with
        {
            Disputes = await db.Disputes.CountAsync(d => d.CustomerId == customer.Id && d.OpenedOn > since && d.OpenedOn <= asOf, ct),
            BrokenPromises = await db.Promises.CountAsync(p => p.CustomerId == customer.Id && p.Status == Domain.Collections.PromiseStatus.Broken && p.SettledOn > since && p.SettledOn <= asOf, ct),
        };
        var exposure = await ExposureAsync(db, customer, asOf, ct);
        var latest = reports.FirstOrDefault();
        var inputs = CreditFactors.Inputs(behaviour, statements.FirstOrDefault()?.Ratios, profile?.FoundedOn, latest?.Lawsuits, latest?.Score, exposure.Utilisation, asOf);
        var (scorecard, creditPolicy) = await CreditSettings.LoadAsync(db, ct);
        var score = scorecard.Score(inputs);
        var policy = creditPolicy.For(score.Grade);
        var latestStatement = statements.FirstOrDefault();
        var recommendation = new RecommendationDto(score.Grade, policy.Terms,
            policy.Limit.Recommend(latestStatement?.Statement.Revenue, latestStatement?.Ratios.NetAssets),
            policy.Prepayment, policy.Guarantee, policy.ReviewMonths);
        return new CreditFileDto(
            customer.Code, customer.Name, customer.Currency, asOf,
            profile is null ? null : new CreditProfileDto(profile.FoundedOn, profile.RegisteredCapital, profile.Industry, profile.Region),
            statements, reports, behaviour, exposure, exposure.Utilisation, inputs,
            new ScoreDto(score.Score, score.Grade, score.Reasons, score.Reasons.Select(r => ScoreReasons.Text(r)).ToList()), recommendation,
            customer.Grade?.ToString(), customer.NextReviewOn);
    }

    /// <summary>Each invoice and charge that fell due in the year before the date, with the day nothing
    /// was left open on it (as of the date) and whether a write-off settled it.</summary>
    public static async Task<List<InvoiceOutcome>> OutcomesAsync(ArFlowDbContext db, long customerId, DateOnly asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var since = asOf.AddMonths(-12);
        var items = await db.OpenItems.AsNoTracking()
            .Where(o => o.CustomerId == customerId && o.Side == ItemSide.Debit && o.DueDate > since && o.DueDate <= asOf)
            .Select(o => new { o.ItemId, o.DueDate, o.Original }).ToListAsync(ct);
        var ids = items.Select(i => i.ItemId).ToArray();
        var entries = (await db.LedgerEntries.AsNoTracking().Where(e => ids.Contains(e.ItemId) && e.PostedDate <= asOf)
            .Select(e => new { e.ItemId, e.PostedDate, e.Amount }).ToListAsync(ct)).ToLookup(e => e.ItemId);
        var writtenOff = (await db.Documents.AsNoTracking()
            .Where(d => d.Kind == DocumentKind.WriteOff && d.ReversedById == null && d.DebitItemId != null && ids.Contains(d.DebitItemId.Value) && d.DocumentDate <= asOf)
            .Select(d => d.DebitItemId!.Value).ToListAsync(ct)).ToHashSet();
        return items.Select(i => Outcome(i.DueDate, i.Original, entries[i.ItemId].Select(e => (e.PostedDate, e.Amount)), writtenOff.Contains(i.ItemId))).ToList();
    }

    /// <summary>An item's outcome from its entries up to the day: settled on the last one when they
    /// add up to nothing, and whether a write-off did it.</summary>
    public static InvoiceOutcome Outcome(DateOnly dueDate, decimal original, IEnumerable<(DateOnly PostedDate, decimal Amount)> entries, bool writtenOff)
    {
        var history = entries.OrderBy(e => e.PostedDate).ToList();
        var settled = history.Count > 0 && history.Sum(e => e.Amount) == 0m ? history[^1].PostedDate : (DateOnly?)null;
        return new InvoiceOutcome(dueDate, original, settled, settled is not null && writtenOff);
    }

    /// <summary>Today's exposure in the customer's currency: what is open on its invoices and charges,
    /// and its contracts' installments not yet invoiced, against its credit limit.</summary>
    public static async Task<CreditExposure> ExposureAsync(ArFlowDbContext db, Customer customer, DateOnly asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(customer);
        var open = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.CustomerId == customer.Id && e.Currency == customer.Currency && e.PostedDate <= asOf)
            .Join(db.OpenItems.Where(o => o.Side == ItemSide.Debit), e => e.ItemId, o => o.ItemId, (e, o) => e.Amount)
            .SumAsync(ct);
        var unbilled = await db.ContractInstallments.AsNoTracking()
            .Where(i => i.InvoiceId == null && db.Contracts.Any(k => k.Id == i.ContractId && k.CustomerId == customer.Id && k.Currency == customer.Currency))
            .SumAsync(i => i.Amount, ct);
        return new CreditExposure(open, unbilled, 0m, customer.CreditLimit);
    }

    public static async Task<Result<CreditProfileDto>> SaveProfileAsync(ArFlowDbContext db, string code, ProfileRequest r, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(r);
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, ct);
        if (customer is null) return new DomainError(ErrorCodes.UnknownCustomer, "code", code);
        var check = new Check();
        var industry = check.OptionalText("industry", r.Industry, 100);
        var region = check.OptionalText("region", r.Region, 100);
        if (r.FoundedOn > clock.Today) check.Add(ErrorCodes.OutOfRange, "foundedOn", r.FoundedOn);
        if (r.RegisteredCapital is < 0) check.Add(ErrorCodes.NegativeNotAllowed, "registeredCapital");
        if (!check.Ok) return Result<CreditProfileDto>.Fail(check.Errors);
        var profile = await db.CreditProfiles.SingleOrDefaultAsync(p => p.CustomerId == customer.Id, ct);
        if (profile is null) db.CreditProfiles.Add(profile = new CreditProfile { CustomerId = customer.Id });
        (profile.FoundedOn, profile.RegisteredCapital, profile.Industry, profile.Region) = (r.FoundedOn, r.RegisteredCapital, industry, region);
        profile.Version++;
        await db.SaveChangesAsync(ct);
        return new CreditProfileDto(profile.FoundedOn, profile.RegisteredCapital, profile.Industry, profile.Region);
    }

    /// <summary>Enters (or corrects) one year's statement; the errors name each impossible figure.</summary>
    public static async Task<Result<StatementDto>> SaveStatementAsync(ArFlowDbContext db, string code, int year, StatementRequest r, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(r);
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, ct);
        if (customer is null) return new DomainError(ErrorCodes.UnknownCustomer, "code", code);
        var currency = Currency.Parse(customer.Currency);
        var check = new Check();
        decimal Figure(string field, decimal? value)
        {
            if (value is not { } v) { check.Add(ErrorCodes.Required, field); return 0m; }
            if (!new Money(v, currency).IsWholeMinorUnits) check.Add(ErrorCodes.TooManyDecimals, field, currency.MinorUnits);
            return v;
        }
        var statement = new FinancialStatement(year,
            Figure("totalAssets", r.TotalAssets), Figure("totalLiabilities", r.TotalLiabilities), Figure("currentAssets", r.CurrentAssets),
            Figure("currentLiabilities", r.CurrentLiabilities), Figure("revenue", r.Revenue), Figure("netProfit", r.NetProfit),
            Figure("operatingCashFlow", r.OperatingCashFlow), r.Inventory is null ? null : Figure("inventory", r.Inventory));
        if (year > clock.Today.Year) check.Add(ErrorCodes.OutOfRange, "year", year);
        foreach (var problem in statement.Problems()) check.Add(problem);
        if (!check.Ok) return Result<StatementDto>.Fail(check.Errors);
        var row = await db.FinancialStatements.SingleOrDefaultAsync(s => s.CustomerId == customer.Id && s.Year == year, ct);
        if (row is null) db.FinancialStatements.Add(row = new FinancialStatementRow { CustomerId = customer.Id, Year = year });
        (row.TotalAssets, row.TotalLiabilities, row.CurrentAssets, row.CurrentLiabilities) = (statement.TotalAssets, statement.TotalLiabilities, statement.CurrentAssets, statement.CurrentLiabilities);
        (row.Revenue, row.NetProfit, row.OperatingCashFlow, row.Inventory) = (statement.Revenue, statement.NetProfit, statement.OperatingCashFlow, statement.Inventory);
        row.EnteredAt = clock.Now;
        await db.SaveChangesAsync(ct);
        return new StatementDto(statement, FinancialRatios.Of(statement));
    }

    /// <summary>Attaches the report's file (the PDF from the bureau), replacing any earlier one; its
    /// SHA-256 is kept beside it and in the audit trail.</summary>
    public static async Task<Result<CreditReportDto>> AttachReportFileAsync(
        ArFlowDbContext db, string code, long reportId, string? fileName, string? contentType, Stream content, long length, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(content);
        var customer = await db.Customers.AsNoTracking().Where(c => c.Code == code).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);
        if (customer is null) return new DomainError(ErrorCodes.UnknownCustomer, "code", code);
        var report = await db.CreditReports.SingleOrDefaultAsync(r => r.Id == reportId && r.CustomerId == customer, ct);
        if (report is null) return new DomainError(ErrorCodes.UnknownReport, "id", reportId);
        var upload = await Uploads.ReadAsync(fileName, contentType, content, length, "report", ct);
        if (!upload.IsSuccess) return Result<CreditReportDto>.Fail(upload.Errors);
        (report.FileName, report.ContentType, report.Content, report.Sha256) = (upload.Value!.FileName, upload.Value.ContentType, upload.Value.Content, upload.Value.Sha256);
        await db.SaveChangesAsync(ct);
        return new CreditReportDto(report.Id, report.Provider, report.ReportDate, report.Rating, report.Score, report.Lawsuits, report.Notes, report.FileName);
    }

    public static async Task<Result<CreditReportDto>> AddReportAsync(ArFlowDbContext db, string code, ReportRequest r, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(r);
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, ct);
        if (customer is null) return new DomainError(ErrorCodes.UnknownCustomer, "code", code);
        var check = new Check();
        var provider = check.Text("provider", r.Provider, 100);
        if (r.ReportDate is null) check.Add(ErrorCodes.Required, "reportDate");
        else if (r.ReportDate > clock.Today) check.Add(ErrorCodes.OutOfRange, "reportDate", r.ReportDate);
        var rating = check.OptionalText("rating", r.Rating, 20);
        if (r.Score is < 0 or > 1000) check.Add(ErrorCodes.OutOfRange, "score", r.Score);
        if (r.Lawsuits is < 0) check.Add(ErrorCodes.NegativeNotAllowed, "lawsuits");
        var notes = check.OptionalText("notes", r.Notes, 2000);
        if (!check.Ok) return Result<CreditReportDto>.Fail(check.Errors);
        var row = new CreditReport
        {
            CustomerId = customer.Id, Provider = provider, ReportDate = r.ReportDate!.Value, Rating = rating, Score = r.Score,
            Lawsuits = r.Lawsuits ?? 0, Notes = notes, AddedAt = clock.Now,
        };
        db.CreditReports.Add(row);
        await db.SaveChangesAsync(ct);
        return new CreditReportDto(row.Id, row.Provider, row.ReportDate, row.Rating, row.Score, row.Lawsuits, row.Notes, row.FileName);
    }
}
