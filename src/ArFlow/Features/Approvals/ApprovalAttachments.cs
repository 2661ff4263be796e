using System.Security.Claims;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Approvals;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Approvals;

/// <summary>A file that supports a request, added by the requester while it is pending, from the
/// console or the API; its SHA-256 is kept beside it (and in the audit trail).</summary>
public static class ApprovalAttachments
{
    public static async Task<Result<ApprovalAttachmentDto>> AddAsync(
        ArFlowDbContext db, long requestId, ClaimsPrincipal person, string? fileName, string? contentType, Stream content, long length, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var request = await ApprovalQueries.Visible(db, person).SingleOrDefaultAsync(x => x.Id == requestId, ct);
        if (request is null) return new DomainError(ErrorCodes.UnknownApproval, "id", requestId);
        if (!string.Equals(request.RequestedBy, person.Identity?.Name, StringComparison.OrdinalIgnoreCase))
            return new DomainError(ErrorCodes.ApprovalRoleMissing, null, request.RequestedBy);
        if (request.Status != ApprovalStatus.Pending) return new DomainError(ErrorCodes.ApprovalNotPending);
        var upload = await Uploads.ReadAsync(fileName, contentType, content, length, "attachment", ct);
        if (!upload.IsSuccess) return Result<ApprovalAttachmentDto>.Fail(upload.Errors);
        var file = upload.Value!;
        var row = new ApprovalAttachment
        {
            RequestId = requestId, FileName = file.FileName, ContentType = file.ContentType, Content = file.Content, Sha256 = file.Sha256, AddedAt = clock.Now,
        };
        db.ApprovalAttachments.Add(row);
        await db.SaveChangesAsync(ct);
        return new ApprovalAttachmentDto(row.Id, row.FileName, row.ContentType, file.Content.Length);
    }
}
