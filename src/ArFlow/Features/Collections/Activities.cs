using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Collections;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Collections;

public sealed record ActivityFileDto(long Id, string FileName, string ContentType, long Size);

public sealed record ActivityDto(
    long Id, string CustomerCode, string Kind, string? Outcome, string? Note, DateTimeOffset At, string By, long? TaskId,
    IReadOnlyList<string> Invoices, IReadOnlyList<ActivityFileDto> Files);

/// <summary>Collection activities: what a collector did (a call and how it went, an email, a visit…),
/// when, about which invoices, with files as evidence. Recorded, never edited.</summary>
public static class Activities
{
    public sealed record Request(string? Kind, string? Outcome = null, string? Note = null, IReadOnlyList<string>? Invoices = null, DateTimeOffset? At = null);

    public static async Task<Result<ActivityDto>> RecordAsync(ArFlowDbContext db, string code, Request r, string by, Clock clock, CancellationToken ct, long? taskId = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(clock);
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, ct);
        if (customer is null) return new DomainError(ErrorCodes.UnknownCustomer, "code", code);
        var check = new Check();
        if (r.Kind is null) check.Add(ErrorCodes.Required, "kind");
        var kind = check.Choice("kind", r.Kind, ActivityKind.Note);
        CallOutcome? outcome = r.Outcome is null ? null : check.Choice("outcome", r.Outcome, CallOutcome.Reached);
        if (kind == ActivityKind.Call && outcome is null) check.Add(ErrorCodes.Required, "outcome");
        var note = check.OptionalText("note", r.Note, 2000);
        if (kind == ActivityKind.Note && note is null) check.Add(ErrorCodes.Required, "note");
        var at = r.At ?? clock.Now;
        if (at > clock.Now.AddMinutes(5)) check.Add(ErrorCodes.OutOfRange, "at", at);
        var numbers = (r.Invoices ?? []).Select(n => n?.Trim() ?? "").Distinct().ToList();
        var items = numbers.Count == 0 ? [] : await db.Documents.AsNoTracking()
            .Where(d => d.CustomerId == customer.Id && (d.Kind == DocumentKind.Invoice || d.Kind == DocumentKind.Charge) && numbers.Contains(d.Number!))
            .Select(d => new { d.Id, d.Number }).ToListAsync(ct);
        for (var i = 0; i < numbers.Count; i++)
            if (items.All(x => x.Number != numbers[i])) check.Add(ErrorCodes.UnknownDocument, $"invoices[{i}]", numbers[i]);
        if (!check.Ok) return Result<ActivityDto>.Fail(check.Errors);
        var row = new CollectionActivity
        {
            CustomerId = customer.Id, Kind = kind, Outcome = outcome, Note = note, At = at, By = by, TaskId = taskId,
            Items = items.Select(x => new CollectionActivityItem { ItemId = x.Id }).ToList(),
        };
        db.CollectionActivities.Add(row);
        await db.SaveChangesAsync(ct);
        return Dto(row, customer.Code, items.Select(x => x.Number ?? "").ToList(), []);
    }

    public static async Task<IReadOnlyList<ActivityDto>?> ListAsync(ArFlowDbContext db, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var customer = await db.Customers.AsNoTracking().Where(c => c.Code == code).Select(c => new { c.Id, c.Code }).SingleOrDefaultAsync(ct);
        if (customer is null) return null;
        // SQLite cannot order instants: the latest 500 recorded, then by when they happened.
        var rows = (await db.CollectionActivities.AsNoTracking().Where(a => a.CustomerId == customer.Id).OrderByDescending(a => a.Id).Take(500).ToListAsync(ct))
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).ToList();
        var numbers = (await (from i in db.CollectionActivityItems.AsNoTracking()
                              join a in db.CollectionActivities on i.ActivityId equals a.Id
                              join d in db.Documents on i.ItemId equals d.Id
                              where a.CustomerId == customer.Id
                              select new { i.ActivityId, d.Number }).ToListAsync(ct)).ToLookup(x => x.ActivityId, x => x.Number ?? "");
        var files = (await (from f in db.CollectionActivityFiles.AsNoTracking()
                            join a in db.CollectionActivities on f.ActivityId equals a.Id
                            where a.CustomerId == customer.Id
                            select new { f.ActivityId, File = new ActivityFileDto(f.Id, f.FileName, f.ContentType, f.Content.Length) }).ToListAsync(ct))
            .ToLookup(x => x.ActivityId, x => x.File);
        return rows.Select(a => Dto(a, customer.Code, numbers[a.Id].ToList(), files[a.Id].ToList())).ToList();
    }

    public static async Task<Result<ActivityFileDto>> AttachAsync(
        ArFlowDbContext db, long id, string? fileName, string? contentType, Stream content, long length, string by, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(clock);
        // Within the person's customers, as everything is.
        var activity = await db.CollectionActivities.AsNoTracking().Where(a => a.Id == id && db.Customers.Any(c => c.Id == a.CustomerId)).Select(a => (long?)a.Id).SingleOrDefaultAsync(ct);
        if (activity is null) return new DomainError(ErrorCodes.UnknownActivity, "id", id);
        var upload = await Uploads.ReadAsync(fileName, contentType, content, length, "file", ct);
        if (!upload.IsSuccess) return Result<ActivityFileDto>.Fail(upload.Errors);
        var file = upload.Value!;
        var row = new CollectionActivityFile
        {
            ActivityId = id, FileName = file.FileName, ContentType = file.ContentType, Content = file.Content, Sha256 = file.Sha256, AddedAt = clock.Now, AddedBy = by,
        };
        db.CollectionActivityFiles.Add(row);
        await db.SaveChangesAsync(ct);
        return new ActivityFileDto(row.Id, row.FileName, row.ContentType, file.Content.Length);
    }

    public static async Task<CollectionActivityFile?> FileAsync(ArFlowDbContext db, long id, long fileId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.CollectionActivityFiles.AsNoTracking()
            .Where(f => f.Id == fileId && f.ActivityId == id && db.CollectionActivities.Any(a => a.Id == id && db.Customers.Any(c => c.Id == a.CustomerId)))
            .SingleOrDefaultAsync(ct);
    }

    private static ActivityDto Dto(CollectionActivity a, string code, IReadOnlyList<string> invoices, IReadOnlyList<ActivityFileDto> files) => new(
        a.Id, code, Check.Kebab(a.Kind.ToString()), a.Outcome is { } o ? Check.Kebab(o.ToString()) : null, a.Note, a.At, a.By, a.TaskId, invoices, files);
}
