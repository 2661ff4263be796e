using ArFlow.Domain.Errors;
using ArFlow.Domain.Money;
using ArFlow.Features.Rates;
using ArFlow.Infrastructure;

namespace ArFlow.Features.Ledger;

/// <summary>The checks every document that opens an item makes: whose it is, in what currency, at what rate.</summary>
public static class PostingChecks
{
    /// <summary>Reports a missing or unknown customer; returns the document's currency (the request's,
    /// else the customer's, else the base currency).</summary>
    public static Currency CustomerAndCurrency(this Check check, CustomerRef? customer, string? code, string? currency, RateTable rates)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(rates);
        if (customer is null)
        {
            if (string.IsNullOrWhiteSpace(code)) check.Add(ErrorCodes.Required, "customerCode");
            else check.Add(ErrorCodes.UnknownCustomer, "customerCode", code.Trim());
        }
        return check.Currency("currency", currency, customer is null ? rates.Base : Currency.Parse(customer.Currency));
    }

    /// <summary>The rate given, else the latest one on or before the document's date.</summary>
    public static decimal Rate(this Check check, decimal? given, DateOnly? date, Currency currency, RateTable rates)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(rates);
        var rate = given ?? (date is { } d ? rates.On(currency.Code, d) : 1m);
        if (rate is null) check.Add(ErrorCodes.RateMissing, "rateToBase", currency.Code, date!.Value);
        else if (rate <= 0m) check.Add(ErrorCodes.AmountNotPositive, "rateToBase");
        return rate ?? 1m;
    }
}
