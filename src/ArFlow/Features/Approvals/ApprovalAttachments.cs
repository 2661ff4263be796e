using System.Security.Claims;
using System.Security.Cryptography;
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
    public const long MaxBytes = 10 * 1024 * 1024;

    public static async Task<Result<ApprovalAttachmentDto>> AddAsync(
        ArFlowDbContext db, long requestId, ClaimsPrincipal person, string? fileName, string? contentType, Stream content, long length, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var request = await ApprovalQueries.Visible(db, person).SingleOrDefaultAsync(x => x.Id == requestId, ct);
        if (request is null) return new DomainError(ErrorCodes.UnknownApproval, "id", requestId);
        if (!string.Equals(request.RequestedBy, person.Identity?.Name, StringComparison.OrdinalIgnoreCase))
            return new DomainError(ErrorCodes.ApprovalRoleMissing, null, request.RequestedBy);
        if (request.Status != ApprovalStatus.Pending) return new DomainError(ErrorCodes.ApprovalNotPending);
        if (length == 0) return new DomainError(ErrorCodes.Required, "file");
        if (length > MaxBytes) return new DomainError(ErrorCodes.TooLong, "file", MaxBytes);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        var row = new ApprovalAttachment
        {
            RequestId = requestId,
            FileName = Path.GetFileName(fileName) is { Length: > 0 and <= 255 } n ? n : "attachment",
            ContentType = string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType,
            Content = bytes,
            Sha256 = SHA256.HashData(bytes),
            AddedAt = clock.Now,
        };
        db.ApprovalAttachments.Add(row);
        await db.SaveChangesAsync(ct);
        return new ApprovalAttachmentDto(row.Id, row.FileName, row.ContentType, bytes.Length);
    }
}
