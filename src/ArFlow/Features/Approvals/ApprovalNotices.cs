using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Approvals;

/// <summary>Tells the people who can approve a request that it waits for them: one email each, in
/// their own language, queued in the outbox with the request itself.</summary>
public static class ApprovalNotices
{
    public static async Task QueueAsync(ArFlowDbContext db, ApprovalRequest request, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var roles = request.Requirement.Roles.ToArray();
        var approvers = await db.Users.AsNoTracking()
            .Where(u => u.Email != null && u.UserName != request.RequestedBy
                && db.UserRoles.Any(l => l.UserId == u.Id && db.Roles.Any(r => r.Id == l.RoleId && roles.Contains(r.Name!))))
            .Select(u => new { u.Email, u.Language }).ToListAsync(ct);
        foreach (var a in approvers)
        {
            var culture = Text.Closest(a.Language);
            var action = Text.Get(culture, "approval.action." + request.Action);
            db.Outbox.Add(new OutboxMessage
            {
                Channel = OutboxChannels.Email,
                Topic = "approval.requested",
                Target = a.Email!,
                Subject = Text.Get(culture, "approval.mail.subject", action, request.Subject),
                Body = Text.Get(culture, "approval.mail.body", request.RequestedBy, action, request.Subject,
                    request.Amount is { } m ? m.ToString("#,0.00", culture) + " " + options.BaseCurrency : "—", request.Reason,
                    $"{options.PublicUrl.TrimEnd('/')}/approvals/{request.Id}"),
                CreatedAt = clock.Now,
                NextAttemptAt = clock.Now,
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
