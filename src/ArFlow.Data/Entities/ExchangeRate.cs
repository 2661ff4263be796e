namespace ArFlow.Data.Entities;

/// <summary>Units of the base currency per unit of <see cref="Currency"/>, valid from <see cref="Date"/>
/// until the next rate of that currency.</summary>
public sealed class ExchangeRate
{
    public required string Currency { get; set; }
    public DateOnly Date { get; set; }
    public decimal Rate { get; set; }
}
