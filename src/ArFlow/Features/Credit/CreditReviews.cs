using System.Text.Json;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Customers;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Money;
using ArFlow.Features.Approvals;
using ArFlow.Features.Ledger;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Credit;

public sealed record CreditReviewDto(
    long Id, DateOnly ReviewedOn, decimal Score, string ScoreGrade, string Grade, decimal? CreditLimit, string Terms,
    DateOnly NextReview, string? Note, string RequestedBy, string ApprovedBy, long? ApprovalId, IReadOnlyDictionary<string, decimal?> Inputs);

/// <summary>A customer in the review queue: when its review is (or was) due; never reviewed is due now.</summary>
public sealed record ReviewDueDto(string CustomerCode, string CustomerName, string? Grade, decimal? CreditLimit, string Currency, string? Owner, DateOnly? NextReview, int DaysOverdue);

/// <summary>Credit reviews (信用复核): a decision on grade, limit and terms taken on the credit file,
/// asked for by one person and approved by another (the approval rule credit-review). On approval the
/// customer takes the decision, the next review is set from the grade's interval in the credit
/// policy, and the review is kept with the scorecard's inputs and score as they were then.</summary>
public static class CreditReviews
{
    public sealed record Payload(string CustomerCode, string? Grade, decimal? CreditLimit, string? DefaultTerms, string? Note);

    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public static readonly ApprovalAction Action = new(ApprovalRules.CreditReview, DescribeAsync, ApplyAsync);

    private sealed record Decision(Customer Customer, CustomerGrade Grade, decimal CreditLimit, string Terms, string? Note, DateOnly NextReview, CreditFileDto File);

    private static async Task<Result<Decision>> DecideAsync(ActionContext c, Payload p)
    {
        var customer = string.IsNullOrWhiteSpace(p.CustomerCode) ? null
            : await c.Db.Customers.AsNoTracking().SingleOrDefaultAsync(x => x.Code == p.CustomerCode.Trim(), c.Ct);
        if (customer is null) return new DomainError(ErrorCodes.UnknownCustomer, "customerCode", p.CustomerCode ?? "");
        var check = new Check();
        var grade = check.Choice<CustomerGrade>("grade", p.Grade, default);
        if (p.Grade is null) check.Add(ErrorCodes.Required, "grade");
        // A limit of zero is a decision too: prepayment only.
        var limit = p.CreditLimit ?? 0m;
        if (p.CreditLimit is null) check.Add(ErrorCodes.Required, "creditLimit");
        else if (limit < 0m) check.Add(ErrorCodes.NegativeNotAllowed, "creditLimit");
        else if (!new Money(limit, Currency.Parse(customer.Currency)).IsWholeMinorUnits) check.Add(ErrorCodes.TooManyDecimals, "creditLimit", Currency.Parse(customer.Currency).MinorUnits);
        var terms = check.Terms("defaultTerms", p.DefaultTerms);
        if (string.IsNullOrWhiteSpace(p.DefaultTerms)) check.Add(ErrorCodes.Required, "defaultTerms");
        var note = check.OptionalText("note", p.Note, 1000);
        if (!check.Ok) return Result<Decision>.Fail(check.Errors);
        var today = c.Clock.Today;
        var file = (await CreditFile.GetAsync(c.Db, customer.Code, today, c.Ct))!;
        var policy = (await CreditSettings.LoadAsync(c.Db, c.Ct)).Policy.For(grade.ToString());
        return new Decision(customer, grade, limit, terms!.ToString()!, note, today.AddMonths(policy.ReviewMonths), file);
    }

    private static async Task<Result<Proposal>> DescribeAsync(ActionContext c, JsonElement payload)
    {
        var decided = await DecideAsync(c, ApprovalActions.Read<Payload>(payload));
        if (!decided.IsSuccess) return Result<Proposal>.Fail(decided.Errors);
        var (customer, grade, limit, terms, note, next, file) = decided.Value!;
        var rate = await c.Db.RateAsync(customer.Currency, c.Clock.Today, c.Options.Base, c.Ct);
        // Like a credit-terms change, the thresholds see how much the limit grows in the base currency.
        var increase = Math.Max(0m, limit - (customer.CreditLimit ?? 0m)) * (rate.IsSuccess ? rate.Value : 1m);
        return new Proposal($"{customer.Code} {customer.Name}", customer.Id, null, increase,
            new { Grade = customer.Grade?.ToString(), customer.CreditLimit, customer.DefaultTerms, NextReview = customer.NextReviewOn, customer.Version },
            new { Grade = grade.ToString(), CreditLimit = limit, DefaultTerms = terms, NextReview = next, Score = $"{file.Score.Score} ({file.Score.Grade})", Note = note, customer.Currency });
    }

    private static async Task<Result<long?>> ApplyAsync(ActionContext c, JsonElement payload)
    {
        var decided = await DecideAsync(c, ApprovalActions.Read<Payload>(payload));
        if (!decided.IsSuccess) return Result<long?>.Fail(decided.Errors);
        var (found, grade, limit, terms, note, next, file) = decided.Value!;
        var customer = await c.Db.Customers.SingleAsync(x => x.Id == found.Id, c.Ct);
        (customer.Grade, customer.CreditLimit, customer.DefaultTerms, customer.NextReviewOn) = (grade, limit, terms, next);
        customer.Version++;
        c.Db.CreditReviews.Add(new CreditReview
        {
            CustomerId = customer.Id, ReviewedOn = c.Clock.Today, Inputs = JsonSerializer.Serialize(file.Inputs, Json),
            Score = file.Score.Score, ScoreGrade = file.Score.Grade, Grade = grade, CreditLimit = limit, Terms = terms, NextReview = next, Note = note,
            RequestedBy = c.RequestedBy ?? "?", ApprovedBy = c.ApprovedBy.Count == 0 ? "-" : string.Join(", ", c.ApprovedBy), ApprovalId = c.ApprovalId,
        });
        await c.Db.SaveChangesAsync(c.Ct);
        return (long?)null;
    }

    /// <summary>The customer's reviews, latest first; null for a customer the person cannot see.</summary>
    public static async Task<IReadOnlyList<CreditReviewDto>?> HistoryAsync(ArFlowDbContext db, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var customerId = await db.Customers.Where(k => k.Code == code).Select(k => (long?)k.Id).SingleOrDefaultAsync(ct);
        if (customerId is null) return null;
        var rows = await db.CreditReviews.AsNoTracking().Where(r => r.CustomerId == customerId).OrderByDescending(r => r.Id).ToListAsync(ct);
        return rows.Select(r => new CreditReviewDto(r.Id, r.ReviewedOn, r.Score, r.ScoreGrade, r.Grade.ToString(), r.CreditLimit, r.Terms, r.NextReview,
            r.Note, r.RequestedBy, r.ApprovedBy, r.ApprovalId, JsonSerializer.Deserialize<Dictionary<string, decimal?>>(r.Inputs, Json)!)).ToList();
    }

    /// <summary>Active and held customers whose review falls due within the days given, never
    /// reviewed ones first, then the most overdue.</summary>
    public static async Task<IReadOnlyList<ReviewDueDto>> DueAsync(ArFlowDbContext db, DateOnly today, int withinDays, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var until = today.AddDays(withinDays);
        var due = await db.Customers.AsNoTracking()
            .Where(k => k.Status != CustomerStatus.Blocked && (k.NextReviewOn == null || k.NextReviewOn <= until))
            .Select(k => new { k.Code, k.Name, k.Grade, k.CreditLimit, k.Currency, k.Owner, k.NextReviewOn }).ToListAsync(ct);
        return due.Select(k => new ReviewDueDto(k.Code, k.Name, k.Grade?.ToString(), k.CreditLimit, k.Currency, k.Owner, k.NextReviewOn,
                k.NextReviewOn is { } d ? Math.Max(0, today.DayNumber - d.DayNumber) : 0))
            .OrderBy(k => k.NextReview is null ? 0 : 1).ThenBy(k => k.NextReview).ThenBy(k => k.CustomerCode, StringComparer.Ordinal).ToList();
    }
}
