namespace ArFlow.Domain.Money;

/// <summary>An amount in one currency. Adding or comparing two currencies throws: converting needs
/// a rate, and a rate needs a date. Money never formats itself; the UI formats with the user's culture.</summary>
public readonly record struct Money(decimal Amount, Currency Currency) : IComparable<Money>
{
    /// <summary>The database keeps amounts as whole ten-thousandths; nothing finer is representable.</summary>
    public const int StoredDecimals = 4;

    public static Money Zero(Currency currency) => new(0m, currency);

    public bool IsZero => Amount == 0m;
    public bool IsNegative => Amount < 0m;
    public bool IsPositive => Amount > 0m;

    public static Money operator +(Money a, Money b) => new(a.Amount + b.Amount, Same(a, b));
    public static Money operator -(Money a, Money b) => new(a.Amount - b.Amount, Same(a, b));
    public static Money operator -(Money a) => a with { Amount = -a.Amount };
    public static bool operator <(Money a, Money b) => a.CompareTo(b) < 0;
    public static bool operator >(Money a, Money b) => a.CompareTo(b) > 0;
    public static bool operator <=(Money a, Money b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Money a, Money b) => a.CompareTo(b) >= 0;

    public int CompareTo(Money other)
    {
        Same(this, other);
        return Amount.CompareTo(other.Amount);
    }

    public static Money Min(Money a, Money b) => a <= b ? a : b;
    public static Money Max(Money a, Money b) => a >= b ? a : b;

    /// <summary>Rounds to the currency's minor unit, half away from zero (the commercial rule
    /// used on Chinese invoices, 四舍五入).</summary>
    public Money RoundToMinorUnit() =>
        this with { Amount = Math.Round(Amount, Currency.MinorUnits, MidpointRounding.AwayFromZero) };

    /// <summary>True when the amount has no more decimals than the currency allows.</summary>
    public bool IsWholeMinorUnits => RoundToMinorUnit().Amount == Amount;

    /// <summary>Converts with <paramref name="rate"/> (units of <paramref name="target"/> per unit of
    /// this currency), rounding half away from zero to the target's minor unit.</summary>
    public Money ConvertTo(Currency target, decimal rate)
    {
        if (rate <= 0m) throw new ArgumentOutOfRangeException(nameof(rate), rate, "A rate is positive.");
        return new Money(Amount * rate, target).RoundToMinorUnit();
    }

    /// <summary>Percentage of this amount, rounded to the minor unit.</summary>
    public Money Percent(decimal percent) => (this with { Amount = Amount * percent / 100m }).RoundToMinorUnit();

    /// <summary>Splits into parts proportional to <paramref name="weights"/> by the largest-remainder
    /// method: the parts are whole minor units and always add up to this amount exactly.</summary>
    public IReadOnlyList<Money> Split(IReadOnlyList<decimal> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count == 0 || weights.Any(w => w < 0m) || weights.Sum() == 0m)
            throw new ArgumentException("Weights must be non-negative and not all zero.", nameof(weights));
        var unit = MinorUnit(Currency);
        var totalUnits = decimal.Truncate(Amount / unit);
        if (totalUnits * unit != Amount) throw new InvalidOperationException($"{Amount} is not whole minor units of {Currency}.");
        var sum = weights.Sum();
        var exact = weights.Select(w => totalUnits * w / sum).ToArray();
        var parts = exact.Select(decimal.Truncate).ToArray();
        var left = totalUnits - parts.Sum();
        var step = Math.Sign(left);
        // Hand the leftover units to the largest remainders first; ties go to the earlier part.
        foreach (var i in Enumerable.Range(0, parts.Length)
                     .OrderByDescending(i => Math.Abs(exact[i] - parts[i])).ThenBy(i => i)
                     .Take((int)Math.Abs(left)))
            parts[i] += step;
        var currency = Currency;
        return parts.Select(p => new Money(p * unit, currency)).ToArray();
    }

    /// <summary>The smallest amount of the currency: 0.01 for CNY, 1 for JPY, 0.001 for KWD.</summary>
    public static decimal MinorUnit(Currency currency)
    {
        var unit = 1m;
        for (var i = 0; i < currency.MinorUnits; i++) unit /= 10m;
        return unit;
    }

    private static Currency Same(Money a, Money b) =>
        a.Currency == b.Currency
            ? a.Currency
            : throw new InvalidOperationException($"Cannot combine {a.Currency} and {b.Currency} without a rate.");

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Amount:0.00##} {Currency}");
}
