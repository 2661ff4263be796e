using System.Security.Claims;
using System.Text.Json;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Approvals;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Approvals;

/// <summary>Asks for a sensitive change. When the thresholds ask for nobody's approval, the change
/// is made at once (and audited like any other); otherwise a pending request records who asked,
/// why, and exactly what would change, and the approvers are told by email.</summary>
public static class RequestApproval
{
    /// <summary>Either the change was made (<see cref="DocumentId"/> if it posted one) or it waits
    /// as <see cref="Request"/>.</summary>
    public sealed record Outcome(bool Applied, long? DocumentId, ApprovalDto? Request);

    public static async Task<Result<Outcome>> Handle(
        ArFlowDbContext db, string action, object payload, string? reason, ClaimsPrincipal requester,
        ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(requester);
        var kind = ApprovalActions.All[action];
        var body = JsonSerializer.SerializeToElement(payload, JsonSerializerOptions.Web);
        var context = new ActionContext(db, options, clock, ct);
        return await db.WriteAsync<Outcome>(async () =>
        {
            var proposal = await kind.Describe(context, body);
            if (!proposal.IsSuccess) return Result<Outcome>.Fail(proposal.Errors);
            var need = proposal.Value!.Exempt ? null : ApprovalRules.Policy(options).RequirementFor(action, proposal.Value.BaseAmount);
            if (need is null)
            {
                var applied = await kind.Apply(context with { RequestedBy = requester.Identity?.Name ?? "?" }, body);
                return applied.IsSuccess ? new Outcome(true, applied.Value, null) : Result<Outcome>.Fail(applied.Errors);
            }
            var check = new Check();
            var why = check.Text("reason", reason, 1000);
            if (!check.Ok) return Result<Outcome>.Fail(check.Errors);
            var p = proposal.Value;
            var request = new ApprovalRequest
            {
                Action = action,
                Status = ApprovalStatus.Pending,
                RequestedBy = requester.Identity?.Name ?? "?",
                RequestedAt = clock.Now,
                Reason = why,
                Subject = p.Subject.Length > 200 ? p.Subject[..200] : p.Subject,
                CustomerId = p.CustomerId,
                DocumentId = p.DocumentId,
                Amount = p.BaseAmount,
                Payload = body.GetRawText(),
                Before = JsonSerializer.Serialize(p.Before, JsonSerializerOptions.Web),
                After = JsonSerializer.Serialize(p.After, JsonSerializerOptions.Web),
                RequiredApprovers = need.Approvers,
                RequiredRoles = string.Join(',', need.Roles),
            };
            db.ApprovalRequests.Add(request);
            await db.SaveChangesAsync(ct);
            await ApprovalNotices.QueueAsync(db, request, options, clock, ct);
            return new Outcome(false, null, await ApprovalQueries.FindAsync(db, request.Id, requester, ct));
        }, ct);
    }
}
