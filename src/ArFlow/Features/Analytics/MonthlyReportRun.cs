using System.Globalization;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;
using ArFlow.Infrastructure.Outbox;
using ArFlow.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;
using AccessRoles = ArFlow.Infrastructure.Access.Roles;

namespace ArFlow.Features.Analytics;

/// <summary>Who receives the monthly report and when: the people in these roles (each with an email
/// address), on <see cref="Day"/> of the month after (0: not sent on schedule).</summary>
public sealed record MonthlyReportSettings(IReadOnlyList<string> Roles, int Day)
{
    public const string Key = "reports.monthly";

    public static readonly MonthlyReportSettings Default = new([AccessRoles.Admin, AccessRoles.FinanceManager], 1);

    public IReadOnlyList<DomainError> Problems()
    {
        var problems = new List<DomainError>();
        if (Roles is null) problems.Add(new DomainError(ErrorCodes.Required, "roles"));
        else
            for (var i = 0; i < Roles.Count; i++)
                if (AccessRoles.Find(Roles[i] ?? "") is null) problems.Add(new DomainError(ErrorCodes.InvalidEnum, $"roles[{i}]", Roles[i] ?? "", string.Join(", ", AccessRoles.All)));
        if (Day is < 0 or > 28) problems.Add(new DomainError(ErrorCodes.OutOfRange, "day", Day));
        return problems;
    }
}

/// <summary>Makes the monthly report for everyone in the chosen roles: once per month, the PDF and workbook in each
/// language they read kept (<see cref="KeptMonthlyReport"/>), one email each with both attached. The scheduled run
/// does last month's on the day set (at the dunning run's time, or within the six days after; never later).</summary>
public sealed class MonthlyReportRun(ArFlowOptions options, Clock clock)
{
    public const string Topic = "report.monthly";

    public sealed record Request(string? Month);

    /// <summary>What a run did: the languages made and the people written to; nothing when the month was done before.</summary>
    public sealed record Outcome(string Month, bool AlreadyDone, IReadOnlyList<string> Languages, int Recipients);

    public static Task<SettingDto<MonthlyReportSettings>> SettingsAsync(ArFlowDbContext db, CancellationToken ct) =>
        StoredSettings.GetAsync(db, MonthlyReportSettings.Key, MonthlyReportSettings.Default, ct);

    public static Task<Result<SettingDto<MonthlyReportSettings>>> SaveSettingsAsync(ArFlowDbContext db, StoredSettings.SaveRequest<MonthlyReportSettings> r, string by, Clock clock, CancellationToken ct) =>
        StoredSettings.SaveAsync(db, MonthlyReportSettings.Key, r, s => s.Problems(), by, clock, ct);

    public async Task<Result<Outcome>> RunAsync(ArFlowDbContext db, string? month, string by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var errors = new List<DomainError>();
        if (MonthlyReport.ParseMonth(month, "month", errors) is not var (from, to)) return Result<Outcome>.Fail(errors);
        if (to >= clock.Today) return new DomainError(ErrorCodes.OutOfRange, "month", month!); // a month is reported once it is over
        var key = from.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (await db.MonthlyReports.AnyAsync(r => r.Month == key, ct)) return new Outcome(key, true, [], 0);

        var roles = (await SettingsAsync(db, ct)).Value.Roles.Select(r => Roles.Find(r)!).ToArray();
        // Locked-out people get nothing (SQLite cannot compare the lockout's instant in SQL).
        var people = (await db.Users.AsNoTracking()
            .Where(u => u.Email != null && u.Email != "" && db.UserRoles.Any(l => l.UserId == u.Id && db.Roles.Any(r => r.Id == l.RoleId && roles.Contains(r.Name!))))
            .OrderBy(u => u.Id).Select(u => new { u.Email, u.DisplayName, u.UserName, u.Language, u.LockoutEnd }).ToListAsync(ct))
            .Where(u => u.LockoutEnd is null || u.LockoutEnd < clock.Now).ToList();
        var report = (await MonthlyReport.RunAsync(db, key, options, clock, ct)).ValueOrThrow();
        var languages = people.Select(p => Text.Closest(p.Language).Name).Append(Text.Closest(null).Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var kept = new Dictionary<string, KeptMonthlyReport>(StringComparer.Ordinal);
        foreach (var language in languages)
        {
            using var xlsx = new MemoryStream();
            await MonthlyReportDocument.XlsxAsync(xlsx, report, Text.Closest(language), ct);
            db.MonthlyReports.Add(kept[language] = new KeptMonthlyReport
            {
                Month = key, Language = language, Pdf = MonthlyReportDocument.Pdf(report, language, options), Xlsx = xlsx.ToArray(), MadeAt = clock.Now, MadeBy = by,
            });
        }
        try
        {
            return await db.WriteAsync<Outcome>(async () =>
            {
                await db.SaveChangesAsync(ct);
                foreach (var p in people)
                {
                    var culture = Text.Closest(p.Language);
                    db.Outbox.Add(new OutboxMessage
                    {
                        Channel = OutboxChannels.Email, Topic = Topic, Target = p.Email!.Trim(), CreatedAt = clock.Now, NextAttemptAt = clock.Now,
                        MonthlyReportId = kept[culture.Name].Id,
                        Subject = Text.Get(culture, "monthly.mail.subject", options.Dunning.CompanyName, key),
                        Body = Text.Get(culture, "monthly.mail.body", p.DisplayName ?? p.UserName, key, options.PublicUrl.TrimEnd('/') + "/analytics"),
                    });
                }
                await db.SaveChangesAsync(ct);
                return new Outcome(key, false, languages, people.Count);
            }, ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Another instance made this month's report meanwhile.
            db.ChangeTracker.Clear();
            return new Outcome(key, true, [], 0);
        }
    }

    /// <summary>Last month's report on the day set, at the dunning run's time (company clock), or within the six days after
    /// when no instance was running then.</summary>
    public async Task<Outcome?> RunScheduledAsync(ArFlowDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var day = (await SettingsAsync(db, ct)).Value.Day;
        var today = clock.Today;
        if (!MonthlyRun.IsDue(clock.Local(clock.Now).DateTime, day, options.Dunning.RunTime)) return null;
        var last = today.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        return (await RunAsync(db, last, "system", ct)).ValueOrThrow();
    }
}

/// <summary>The report's email carries the PDF and the workbook as kept for the month.</summary>
public sealed class MonthlyReportMessages : IOutboxComposer
{
    public bool Handles(OutboxMessage message) => message?.MonthlyReportId is not null;

    public async Task<ComposedMessage> ComposeAsync(ArFlowDbContext db, OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(message);
        var report = await db.MonthlyReports.AsNoTracking().SingleAsync(r => r.Id == message.MonthlyReportId, ct);
        var name = $"arflow-monthly-{report.Month}-{report.Language}";
        return new ComposedMessage(message.Subject, message.Body, Attachments:
        [
            new MessageAttachment(name + ".pdf", "application/pdf", report.Pdf),
            new MessageAttachment(name + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", report.Xlsx),
        ]);
    }

    /// <summary>A person's address is theirs to correct; nothing is marked.</summary>
    public Task RefusedAsync(ArFlowDbContext db, OutboxMessage message, string answer, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>Runs the monthly report on the day set.</summary>
public sealed class MonthlyReportJob(IServiceProvider services, ArFlowOptions options, ILogger<MonthlyReportJob> log)
    : PeriodicJob(services, options, log, TimeSpan.FromMinutes(15))
{
    protected override Task RunOnceAsync(IServiceProvider scope, CancellationToken ct) =>
        scope.GetRequiredService<MonthlyReportRun>().RunScheduledAsync(scope.GetRequiredService<ArFlowDbContext>(), ct);
}
