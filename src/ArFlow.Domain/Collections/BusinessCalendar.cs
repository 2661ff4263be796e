using ArFlow.Domain.Errors;

namespace ArFlow.Domain.Collections;

/// <summary>Which days are working days: Monday to Friday, less the public holidays, plus the
/// weekend days that are worked to make up for a holiday (调休). China's calendar is published by the
/// State Council each year, so it is data: <see cref="China"/> ships the years known when this was
/// written, and admins add the next year when it is announced.</summary>
public sealed record BusinessCalendar(IReadOnlyList<DateOnly> Holidays, IReadOnlyList<DateOnly> WorkingWeekends)
{
    public bool IsBusinessDay(DateOnly day)
    {
        if (Holidays.Contains(day)) return false;
        return day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) || WorkingWeekends.Contains(day);
    }

    /// <summary>The day itself when it is a working day, otherwise the next working day.</summary>
    public DateOnly OnOrAfter(DateOnly day)
    {
        // A year without a single working day is a broken calendar, not a reason to loop forever.
        for (var i = 0; i < 366; i++, day = day.AddDays(1))
            if (IsBusinessDay(day)) return day;
        throw new InvalidOperationException("The calendar has no working day within a year.");
    }

    /// <summary>Whether the calendar lists holidays in this year (a year with none was probably not entered yet).</summary>
    public bool Covers(int year) => Holidays.Any(h => h.Year == year);

    public IReadOnlyList<DomainError> Problems()
    {
        var problems = new List<DomainError>();
        if (Holidays is null) problems.Add(new DomainError(ErrorCodes.Required, "holidays"));
        if (WorkingWeekends is null) problems.Add(new DomainError(ErrorCodes.Required, "workingWeekends"));
        if (problems.Count > 0) return problems;
        foreach (var (d, i) in WorkingWeekends!.Select((d, i) => (d, i)))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) problems.Add(new DomainError(ErrorCodes.NotAWeekend, $"workingWeekends[{i}]", d));
            if (Holidays!.Contains(d)) problems.Add(new DomainError(ErrorCodes.Duplicate, $"workingWeekends[{i}]", d));
        }
        if (Holidays!.GroupBy(d => d).FirstOrDefault(g => g.Count() > 1) is { } twice) problems.Add(new DomainError(ErrorCodes.Duplicate, "holidays", twice.Key));
        return problems;
    }

    private static IEnumerable<DateOnly> Days(int year, int month, int day, int count) =>
        Enumerable.Range(0, count).Select(i => new DateOnly(year, month, day).AddDays(i));

    /// <summary>China's public holidays and make-up working days for 2025 and 2026 (国务院办公厅 notices).</summary>
    public static readonly BusinessCalendar China = new(
        [
            .. Days(2025, 1, 1, 1), .. Days(2025, 1, 28, 8), .. Days(2025, 4, 4, 3), .. Days(2025, 5, 1, 5), .. Days(2025, 5, 31, 3), .. Days(2025, 10, 1, 8),
            .. Days(2026, 1, 1, 3), .. Days(2026, 2, 15, 9), .. Days(2026, 4, 4, 3), .. Days(2026, 5, 1, 5), .. Days(2026, 6, 19, 3), .. Days(2026, 9, 25, 3),
            .. Days(2026, 10, 1, 7),
        ],
        [
            new(2025, 1, 26), new(2025, 2, 8), new(2025, 4, 27), new(2025, 9, 28), new(2025, 10, 11),
            new(2026, 1, 4), new(2026, 2, 14), new(2026, 2, 28), new(2026, 5, 9), new(2026, 9, 20), new(2026, 10, 10),
        ]);
}

/// <summary>Hours in which no reminder goes out (e.g. 21:00–08:00 on the company's clock). The window
/// may wrap midnight; Start = End means none.</summary>
public sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    public static readonly QuietHours Default = new(new TimeOnly(21, 0), new TimeOnly(8, 0));

    public bool IsQuiet(TimeOnly time) =>
        Start != End && (Start < End ? time >= Start && time < End : time >= Start || time < End);

    /// <summary>The first moment at or after <paramref name="local"/> (the company's wall clock) that is
    /// outside the quiet hours and on a working day.</summary>
    public DateTime NextAllowed(DateTime local, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var day = DateOnly.FromDateTime(local);
        var time = TimeOnly.FromDateTime(local);
        if (calendar.IsBusinessDay(day))
        {
            if (!IsQuiet(time)) return local;
            if (time < End) return day.ToDateTime(End);
        }
        return calendar.OnOrAfter(day.AddDays(1)).ToDateTime(IsQuiet(TimeOnly.MinValue) ? End : TimeOnly.MinValue);
    }
}
