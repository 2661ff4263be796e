using System.Security.Claims;
using System.Text.Json;
using ArFlow.Data;
using ArFlow.Domain.Approvals;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Approvals;

/// <summary>An approver says yes or no; the requester may withdraw. The last yes needed applies
/// the change in the same transaction, after checking that what the request was based on still
/// holds; if it does not, the request turns stale and nothing changes.</summary>
public static class DecideApproval
{
    public sealed record Request(string? Comment = null);

    public enum Verdict { Approve, Reject, Withdraw }

    public static async Task<Result<ApprovalDto>> Handle(
        ArFlowDbContext db, long id, Verdict verdict, Request r, ClaimsPrincipal person, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var name = person.Identity?.Name ?? "?";
        var roles = person.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet();
        var comment = new Check().OptionalText("comment", r.Comment, 1000);
        var stale = false;
        var result = await db.WriteAsync<ApprovalDto>(async () =>
        {
            var request = await ApprovalQueries.Visible(db, person).Include(x => x.Decisions).SingleOrDefaultAsync(x => x.Id == id, ct);
            if (request is null) return new DomainError(ErrorCodes.UnknownApproval, "id", id);
            if (verdict == Verdict.Withdraw)
            {
                if (request.Status != ApprovalStatus.Pending) return new DomainError(ErrorCodes.ApprovalNotPending);
                if (!string.Equals(request.RequestedBy, name, StringComparison.OrdinalIgnoreCase)) return new DomainError(ErrorCodes.ApprovalRoleMissing, null, request.RequestedBy);
                Close(request, ApprovalStatus.Cancelled, clock);
                await db.SaveChangesAsync(ct);
                return (await ApprovalQueries.FindAsync(db, id, person, ct))!;
            }
            var decided = MakerChecker.Decide(request.Requirement, request.RequestedBy, request.Status,
                request.Decisions.Select(d => new ApprovalDecision(d.By, d.Approve)).ToList(), name, roles, verdict == Verdict.Approve);
            if (!decided.IsSuccess) return Result<ApprovalDto>.Fail(decided.Errors);
            var action = ApprovalActions.All[request.Action];
            var context = new ActionContext(db, options, clock, ct);
            var payload = JsonDocument.Parse(request.Payload).RootElement;
            if (verdict == Verdict.Approve)
            {
                var now = await action.Describe(context, payload);
                if (!now.IsSuccess || JsonSerializer.Serialize(now.Value!.Before, JsonSerializerOptions.Web) != request.Before)
                {
                    stale = true;
                    return new DomainError(ErrorCodes.ApprovalStale);
                }
                // Describing ran the change and undid it, which let go of what this context tracked.
                request = await db.ApprovalRequests.Include(x => x.Decisions).SingleAsync(x => x.Id == id, ct);
            }
            request.Decisions.Add(new() { By = name, At = clock.Now, Approve = verdict == Verdict.Approve, Comment = comment });
            if (decided.Value == ApprovalStatus.Approved)
            {
                var applied = await action.Apply(context with
                {
                    RequestedBy = request.RequestedBy, ApprovalId = request.Id,
                    ApprovedBy = request.Decisions.Where(d => d.Approve).Select(d => d.By).ToList(),
                }, payload);
                if (!applied.IsSuccess) return Result<ApprovalDto>.Fail(applied.Errors);
                request.ResultDocumentId = applied.Value;
            }
            if (decided.Value != ApprovalStatus.Pending) Close(request, decided.Value, clock);
            request.Version++;
            await db.SaveChangesAsync(ct);
            return (await ApprovalQueries.FindAsync(db, id, person, ct))!;
        }, ct);
        if (stale) await MarkStaleAsync(db, id, clock, ct);
        return result;
    }

    private static void Close(Data.Entities.ApprovalRequest request, ApprovalStatus status, Clock clock)
    {
        request.Status = status;
        request.ClosedAt = clock.Now;
    }

    /// <summary>A stale request can never be approved: it is closed as such, in its own transaction
    /// (the refused approval's was rolled back), so the inbox stops offering it.</summary>
    private static async Task MarkStaleAsync(ArFlowDbContext db, long id, Clock clock, CancellationToken ct)
    {
        await db.WriteAsync<bool>(async () =>
        {
            var request = await db.ApprovalRequests.SingleAsync(x => x.Id == id, ct);
            if (request.Status != ApprovalStatus.Pending) return false;
            Close(request, ApprovalStatus.Stale, clock);
            request.Version++;
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
    }
}
