using ArFlow.Data;
using ArFlow.Domain.Collections;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;

namespace ArFlow.Features.Dunning;

/// <summary>The dunning policies and the working-day calendar, kept as settings: the policies
/// checked by the domain and each template by the template parser before they are saved.</summary>
public static class DunningSettings
{
    public const string PoliciesKey = "dunning.policies";
    public const string CalendarKey = "dunning.calendar";

    public static async Task<(DunningPolicies Policies, BusinessCalendar Calendar)> LoadAsync(ArFlowDbContext db, CancellationToken ct)
    {
        var raw = await StoredSettings.RawAsync(db, [PoliciesKey, CalendarKey], ct);
        return (StoredSettings.Read(raw, PoliciesKey, DunningPolicies.Shipped), StoredSettings.Read(raw, CalendarKey, BusinessCalendar.China));
    }

    public static Task<SettingDto<DunningPolicies>> PoliciesAsync(ArFlowDbContext db, CancellationToken ct) =>
        StoredSettings.GetAsync(db, PoliciesKey, DunningPolicies.Shipped, ct);

    public static Task<SettingDto<BusinessCalendar>> CalendarAsync(ArFlowDbContext db, CancellationToken ct) =>
        StoredSettings.GetAsync(db, CalendarKey, BusinessCalendar.China, ct);

    public static Task<Result<SettingDto<DunningPolicies>>> SavePoliciesAsync(
        ArFlowDbContext db, StoredSettings.SaveRequest<DunningPolicies> r, string by, Clock clock, CancellationToken ct) =>
        StoredSettings.SaveAsync(db, PoliciesKey, r, p => [.. p.Problems(), .. DunningTemplates.Problems(p)], by, clock, ct);

    public static Task<Result<SettingDto<BusinessCalendar>>> SaveCalendarAsync(
        ArFlowDbContext db, StoredSettings.SaveRequest<BusinessCalendar> r, string by, Clock clock, CancellationToken ct) =>
        StoredSettings.SaveAsync(db, CalendarKey, r, c => c.Problems(), by, clock, ct);
}
