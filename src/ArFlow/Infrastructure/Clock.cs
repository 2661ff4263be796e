namespace ArFlow.Infrastructure;

/// <summary>Computes the business date once, at the edge, from the injected <see cref="TimeProvider"/>
/// and the company's time zone: an invoice entered at 07:00 in Shanghai is dated that day, not
/// yesterday in UTC.</summary>
public sealed class Clock(TimeProvider time, ArFlowOptions options)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>An instant as the company's wall clock shows it.</summary>
    public DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _zone);

    /// <summary>The instant a day begins on the company's clock.</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, _zone.GetUtcOffset(midnight));
    }

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), _zone).DateTime);
}
