using ArFlow.Domain.Scheduling;

namespace ArFlow.Domain.Tests;

/// <summary>When a once-a-month job is due: on its day from its time, the six days after, never later, never on day 0.</summary>
public class MonthlyRunTests
{
    private static readonly TimeOnly NineAm = new(9, 0);

    [Theory]
    [InlineData(1, 8, 59, false)]   // its day, before its time
    [InlineData(1, 9, 0, true)]
    [InlineData(3, 0, 5, true)]     // a server down on the 1st catches up
    [InlineData(7, 23, 59, true)]
    [InlineData(8, 0, 0, false)]    // too late: next month's run
    [InlineData(28, 12, 0, false)]
    public void OnTheFirst_At9(int dayOfMonth, int hour, int minute, bool due) =>
        Assert.Equal(due, MonthlyRun.IsDue(new DateTime(2026, 11, dayOfMonth, hour, minute, 0), 1, NineAm));

    [Fact]
    public void DayZero_IsNever() => Assert.False(MonthlyRun.IsDue(new DateTime(2026, 11, 1, 12, 0, 0), 0, NineAm));
}
