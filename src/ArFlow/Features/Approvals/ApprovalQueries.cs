using System.Security.Claims;
using System.Text.Json;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Approvals;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Approvals;

public sealed record ApprovalDecisionDto(string By, DateTimeOffset At, bool Approve, string? Comment);

public sealed record ApprovalAttachmentDto(long Id, string FileName, string ContentType, long Size);

/// <summary>A request as the inbox, the API and a customer's or document's history show it;
/// <see cref="CanDecide"/> and <see cref="CanWithdraw"/> are for the person asking.</summary>
public sealed record ApprovalDto(
    long Id, string Action, string Status, string RequestedBy, DateTimeOffset RequestedAt, string Reason, string Subject,
    string? CustomerCode, long? DocumentId, decimal? Amount, JsonElement Before, JsonElement After,
    int RequiredApprovers, IReadOnlyList<string> RequiredRoles, IReadOnlyList<ApprovalDecisionDto> Decisions,
    IReadOnlyList<ApprovalAttachmentDto> Attachments, long? ResultDocumentId, DateTimeOffset? ClosedAt,
    bool CanDecide, bool CanWithdraw);

/// <summary>Which requests: <see cref="ToDecide"/> = those the caller could decide now.</summary>
public sealed record ApprovalFilter(string? Status = null, bool ToDecide = false, bool Mine = false, string? Customer = null, long? Document = null, string? Action = null);

public static class ApprovalQueries
{
    /// <summary>The requests a person may see: the customer scope applies through the data layer's
    /// filter; role changes are only for those who manage people and for the auditor.</summary>
    public static IQueryable<ApprovalRequest> Visible(ArFlowDbContext db, ClaimsPrincipal person)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(person);
        return person.IsInRole(Roles.Admin) || person.IsInRole(Roles.Auditor)
            ? db.ApprovalRequests
            : db.ApprovalRequests.Where(r => r.Action != ApprovalRules.RoleChange);
    }

    public static async Task<ApprovalDto?> FindAsync(ArFlowDbContext db, long id, ClaimsPrincipal person, CancellationToken ct) =>
        (await DtosAsync(db, await Visible(db, person).AsNoTracking().Where(r => r.Id == id).ToListAsync(ct), person, ct)).SingleOrDefault();

    public static async Task<Page<ApprovalDto>> PageAsync(ArFlowDbContext db, ApprovalFilter f, int? page, int? pageSize, ClaimsPrincipal person, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(f);
        var (skip, take, p, size) = Paging.Normalize(page, pageSize);
        var q = Visible(db, person).AsNoTracking();
        if (f.Status is { Length: > 0 } && Enum.TryParse<ApprovalStatus>(f.Status, ignoreCase: true, out var status)) q = q.Where(r => r.Status == status);
        if (f.Action is { Length: > 0 }) q = q.Where(r => r.Action == f.Action);
        if (f.Customer is { Length: > 0 }) q = q.Where(r => db.Customers.Any(c => c.Id == r.CustomerId && c.Code == f.Customer));
        if (f.Document is { } doc) q = q.Where(r => r.DocumentId == doc || r.ResultDocumentId == doc);
        var name = person.Identity?.Name ?? "";
        if (f.Mine) q = q.Where(r => r.RequestedBy == name);
        if (f.ToDecide)
        {
            // The maker-checker rule decides; the database narrows to pending requests of others first.
            var pending = await q.Where(r => r.Status == ApprovalStatus.Pending && r.RequestedBy != name).OrderBy(r => r.Id).ToListAsync(ct);
            var mine = (await DtosAsync(db, pending, person, ct)).Where(d => d.CanDecide).ToList();
            return new Page<ApprovalDto>(mine.Skip(skip).Take(take).ToList(), mine.Count, p, size);
        }
        var total = await q.CountAsync(ct);
        // Ids follow creation (and SQLite cannot order by an instant): newest first by id.
        var rows = await q.OrderByDescending(r => r.Id).Skip(skip).Take(take).ToListAsync(ct);
        return new Page<ApprovalDto>(await DtosAsync(db, rows, person, ct), total, p, size);
    }

    /// <summary>The rows with their decisions, attachments and customers, in three queries whatever their number.</summary>
    private static async Task<List<ApprovalDto>> DtosAsync(ArFlowDbContext db, List<ApprovalRequest> rows, ClaimsPrincipal person, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToArray();
        var decisions = (await db.ApprovalDecisions.AsNoTracking().Where(d => ids.Contains(d.RequestId)).OrderBy(d => d.Id).ToListAsync(ct)).ToLookup(d => d.RequestId);
        var files = (await db.ApprovalAttachments.AsNoTracking().Where(a => ids.Contains(a.RequestId))
            .Select(a => new { a.RequestId, a.Id, a.FileName, a.ContentType, Size = (long)a.Content.Length }).ToListAsync(ct)).ToLookup(a => a.RequestId);
        var customerIds = rows.Where(r => r.CustomerId != null).Select(r => r.CustomerId!.Value).Distinct().ToArray();
        var codes = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        var name = person.Identity?.Name ?? "";
        var roles = person.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet();
        return rows.Select(r =>
        {
            var said = decisions[r.Id].Select(d => new ApprovalDecision(d.By, d.Approve)).ToList();
            return new ApprovalDto(
                r.Id, r.Action, r.Status.ToString().ToLowerInvariant(), r.RequestedBy, r.RequestedAt, r.Reason, r.Subject,
                r.CustomerId is { } c ? codes.GetValueOrDefault(c) : null, r.DocumentId, r.Amount,
                JsonDocument.Parse(r.Before).RootElement.Clone(), JsonDocument.Parse(r.After).RootElement.Clone(),
                r.RequiredApprovers, r.Requirement.Roles,
                decisions[r.Id].Select(d => new ApprovalDecisionDto(d.By, d.At, d.Approve, d.Comment)).ToList(),
                files[r.Id].Select(a => new ApprovalAttachmentDto(a.Id, a.FileName, a.ContentType, a.Size)).ToList(),
                r.ResultDocumentId, r.ClosedAt,
                MakerChecker.CanDecide(r.Requirement, r.RequestedBy, r.Status, said, name, roles),
                r.Status == ApprovalStatus.Pending && string.Equals(r.RequestedBy, name, StringComparison.OrdinalIgnoreCase));
        }).ToList();
    }
}
