namespace ArFlow.Domain.Scheduling;

/// <summary>A job done once a month for the month before (the statement run, the monthly report): due on its day
/// from its time of day, or on the days just after when no server was running then — never later, so a server
/// installed mid-month does not send last month's documents out of the blue. 0 as the day: never.</summary>
public static class MonthlyRun
{
    public const int GraceDays = 6;

    /// <param name="localNow">The company's local time now.</param>
    public static bool IsDue(DateTime localNow, int day, TimeOnly runAt) =>
        day > 0 && localNow.Day >= day && localNow.Day <= day + GraceDays
        && (localNow.Day > day || TimeOnly.FromDateTime(localNow) >= runAt);
}
