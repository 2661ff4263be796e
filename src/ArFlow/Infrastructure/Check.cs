using System.Globalization;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Money;
using ArFlow.Domain.Terms;

namespace ArFlow.Infrastructure;

/// <summary>Collects field errors while a request or an import row is checked, so the user sees
/// every problem at once rather than one per attempt.</summary>
public sealed class Check
{
    private readonly List<DomainError> _errors = [];

    public IReadOnlyList<DomainError> Errors => _errors;
    public bool Ok => _errors.Count == 0;

    public void Add(DomainError error) => _errors.Add(error);

    public void Add(string code, string field, params object[] args) => _errors.Add(new DomainError(code, field, args));

    public string Text(string field, string? value, int maxLength, bool required = true)
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0 && required) Add(ErrorCodes.Required, field);
        else if (v.Length > maxLength) Add(ErrorCodes.TooLong, field, maxLength);
        return v;
    }

    public string? OptionalText(string field, string? value, int maxLength)
    {
        var v = Text(field, value, maxLength, required: false);
        return v.Length == 0 ? null : v;
    }

    public Currency Currency(string field, string? value, Currency fallback)
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (Domain.Money.Currency.TryParse(value, out var c)) return c;
        Add(ErrorCodes.UnknownCurrency, field, value);
        return fallback;
    }

    /// <summary>A positive amount with no more decimals than the currency has.</summary>
    public decimal Amount(string field, decimal? value, Currency currency, bool required = true)
    {
        if (value is not { } v)
        {
            if (required) Add(ErrorCodes.Required, field);
            return 0m;
        }
        if (v <= 0m) Add(ErrorCodes.AmountNotPositive, field);
        else if (!new Money(v, currency).IsWholeMinorUnits) Add(ErrorCodes.TooManyDecimals, field, currency.MinorUnits);
        return v;
    }

    public PaymentTerms? Terms(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var parsed = PaymentTerms.Parse(value);
        if (parsed.IsSuccess) return parsed.Value;
        Add(ErrorCodes.InvalidTerms, field, value);
        return null;
    }

    public T Choice<T>(string field, string? value, T fallback) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        var normalized = value.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (Enum.TryParse<T>(normalized, ignoreCase: true, out var result) && Enum.IsDefined(result)) return result;
        Add(ErrorCodes.InvalidEnum, field, value, string.Join(", ", Enum.GetNames<T>().Select(Kebab)));
        return fallback;
    }

    /// <summary>BankAcceptanceBill → bank-acceptance-bill, the form the API and files use.</summary>
    public static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public Result<T> Result<T>(Func<T> value) => Ok ? Domain.Errors.Result<T>.Ok(value()) : Domain.Errors.Result<T>.Fail(_errors.ToArray());

    public static string Invariant(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
