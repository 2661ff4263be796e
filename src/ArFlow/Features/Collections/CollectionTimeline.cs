using ArFlow.Data;
using ArFlow.Features.Dunning;
using ArFlow.Infrastructure;

namespace ArFlow.Features.Collections;

/// <summary>One thing on a customer's collection timeline: a reminder or task dunning made, an
/// activity, a promise or a dispute; newest first. <see cref="Kind"/> says which, <see cref="What"/>
/// its channel, kind or reason, <see cref="State"/> where it stands.</summary>
public sealed record TimelineEntryDto(DateTimeOffset At, string Kind, string What, string? State, string? By, string? Detail, IReadOnlyList<string> Invoices);

/// <summary>Everything said and promised to one customer, in one list.</summary>
public static class CollectionTimeline
{
    public static async Task<IReadOnlyList<TimelineEntryDto>?> GetAsync(ArFlowDbContext db, string code, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var activities = await Activities.ListAsync(db, code, ct);
        if (activities is null) return null;
        var actions = await DunningActions.ListAsync(db, new DunningActions.Filter(code, PageSize: Paging.MaxPageSize), ct);
        var promises = await Promises.ListAsync(db, new Promises.Filter(code, PageSize: Paging.MaxPageSize), ct);
        var disputes = await Disputes.ListAsync(db, new Disputes.Filter(code, PageSize: Paging.MaxPageSize), ct);
        var entries = new List<TimelineEntryDto>();
        entries.AddRange(activities.Select(a => new TimelineEntryDto(a.At, "activity", a.Kind, a.Outcome, a.By, a.Note, a.Invoices)));
        entries.AddRange(actions.Items.Select(a => new TimelineEntryDto(
            a.Delivery.At ?? clock.StartOf(a.RunDate), "dunning", a.Channel, a.Delivery.State, null, a.Delivery.Subject ?? a.Target,
            a.Items.Select(i => i.Number).ToList())));
        entries.AddRange(promises.Items.Select(p => new TimelineEntryDto(
            clock.StartOf(p.RecordedOn), "promise", p.PromisedFor.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), p.Status, p.RecordedBy,
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{p.Amount:#,0.00} {p.Currency}"), [])));
        entries.AddRange(disputes.Items.Select(d => new TimelineEntryDto(
            clock.StartOf(d.OpenedOn), "dispute", d.Reason, d.Status, d.OpenedBy,
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{d.Amount:#,0.00} {d.Currency}"), d.InvoiceNumber is { } n ? [n] : [])));
        return entries.OrderByDescending(e => e.At).ToList();
    }
}
