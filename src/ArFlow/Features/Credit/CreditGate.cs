using ArFlow.Data;
using ArFlow.Domain.Credit;
using ArFlow.Domain.Errors;
using ArFlow.Features.Ledger;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Credit;

/// <summary>The credit check standing in front of new credit: a new invoice or contract that the
/// check blocks is refused (409 <c>credit.refused</c>, with the blocking reasons) unless an approver
/// overrides it (<see cref="CreditOverride"/>). Warnings let it through. Installments of a contract
/// are not checked again when invoiced (the contract was), nor are imports: they record credit
/// already given elsewhere.</summary>
public static class CreditGate
{
    public static async Task<IReadOnlyList<DomainError>> RefusalsAsync(
        ArFlowDbContext db, string? customerCode, string currency, decimal amount, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.CreditCheckOnPosting || string.IsNullOrWhiteSpace(customerCode)) return [];
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Code == customerCode.Trim(), ct);
        if (customer is null) return [];
        var inCustomerCurrency = amount;
        if (currency != customer.Currency)
        {
            // Through the base currency at today's rates; the exposure is kept in the customer's currency.
            var to = await db.RateAsync(currency, clock.Today, options.Base, ct);
            var from = await db.RateAsync(customer.Currency, clock.Today, options.Base, ct);
            if (to.IsSuccess && from.IsSuccess && from.Value != 0m) inCustomerCurrency = Math.Round(amount * to.Value / from.Value, 2, MidpointRounding.AwayFromZero);
        }
        var (result, _, _) = await RunCreditCheck.EvaluateAsync(db, customer, inCustomerCurrency, clock, ct);
        if (result.Outcome != CheckOutcome.Block) return [];
        return [new DomainError(ErrorCodes.CreditRefused, "customerCode", customer.Code),
            .. result.Reasons.Where(r => r.Outcome == CheckOutcome.Block).Select(r => new DomainError(r.Code, "amount", [.. r.Args]))];
    }
}
