using ArFlow.Data;
using ArFlow.Domain.Credit;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using ArFlow.Domain.Money;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Credit;

/// <summary>Answers whether a customer can take a proposed amount on credit now: the customer's
/// exposure with it against the limit, what is overdue against its grade's tolerance, its status.</summary>
public static class RunCreditCheck
{
    public sealed record Request(string? CustomerCode, decimal? Amount);

    public sealed record Reason(string Code, string Outcome, string Text);

    public sealed record Answer(string CustomerCode, string Currency, string Outcome, string Grade, CreditExposure Exposure, decimal? Utilisation, IReadOnlyList<Reason> Reasons);

    public static async Task<Result<Answer>> Handle(ArFlowDbContext db, Request r, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(r);
        var customer = string.IsNullOrWhiteSpace(r.CustomerCode) ? null : await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Code == r.CustomerCode.Trim(), ct);
        if (customer is null) return new DomainError(ErrorCodes.UnknownCustomer, "customerCode", r.CustomerCode ?? "");
        var check = new Check();
        var amount = r.Amount is null ? 0m : check.Amount("amount", r.Amount, Currency.Parse(customer.Currency));
        if (!check.Ok) return Result<Answer>.Fail(check.Errors);
        var (result, grade, exposure) = await EvaluateAsync(db, customer, amount, clock, ct);
        return new Answer(customer.Code, customer.Currency, Check.Kebab(result.Outcome.ToString()), grade, exposure, exposure.Utilisation,
            result.Reasons.Select(x => new Reason(x.Code, Check.Kebab(x.Outcome.ToString()), Text.Ui(x.Code, [.. x.Args]))).ToList());
    }

    /// <summary>The check for an amount in the customer's currency, with the grade it used and the exposure.</summary>
    public static async Task<(CreditCheckResult Result, string Grade, CreditExposure Exposure)> EvaluateAsync(
        ArFlowDbContext db, Data.Entities.Customer customer, decimal amount, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(customer);
        var today = clock.Today;
        var exposure = (await CreditFile.ExposureAsync(db, customer, today, ct)) with { Proposed = amount };
        var overdue = await db.OpenItems.AsNoTracking()
            .Where(o => o.CustomerId == customer.Id && o.Side == ItemSide.Debit && o.Open > 0m && o.DueDate < today)
            .Select(o => new { o.DueDate, o.Open }).ToListAsync(ct);
        // The grade on the customer's record rules; without one, the scorecard's.
        var grade = customer.Grade?.ToString() ?? (await CreditFile.GetAsync(db, customer.Code, today, ct))!.Score.Grade;
        var policy = (await CreditSettings.LoadAsync(db, ct)).Policy.For(grade);
        var result = CreditCheck.Run(new CreditCheckInput(
            customer.Status, exposure, overdue.Count == 0 ? 0 : overdue.Max(o => today.DayNumber - o.DueDate.DayNumber), overdue.Sum(o => o.Open),
            policy.OverdueToleranceDays, customer.NextReviewOn, today));
        return (result, grade, exposure);
    }
}
