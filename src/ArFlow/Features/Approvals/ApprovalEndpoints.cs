using System.Security.Claims;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Approvals;
using ArFlow.Domain.Errors;
using ArFlow.Features.Ledger;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Approvals;

public static class ApprovalEndpoints
{
    public sealed record CreditTermsRequest(decimal? CreditLimit = null, string? DefaultTerms = null, string? Reason = null);

    public sealed record RoleChangeRequest(IReadOnlyList<string>? Roles, string? Reason = null);

    public sealed record StatusRequest(string? Status, string? Reason = null);

    public static void MapApprovalEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/approvals").WithTags("Approvals");
        group.MapGet("/", async (ArFlowDbContext db, ClaimsPrincipal user, [AsParameters] ApprovalFilter filter, int? page, int? pageSize, CancellationToken ct) =>
                TypedResults.Ok(await ApprovalQueries.PageAsync(db, filter, page, pageSize, user, ct)))
            .WithName("ListApprovals").WithSummary("Approval requests, newest first; toDecide=true is the caller's inbox (what they could decide now).");
        group.MapGet("/{id:long}", async (ArFlowDbContext db, long id, ClaimsPrincipal user, CancellationToken ct) =>
                await ApprovalQueries.FindAsync(db, id, user, ct) is { } dto ? TypedResults.Ok(dto) : Unknown(id))
            .WithName("GetApproval").WithSummary("One request with what it would change, its decisions and attachments.");
        group.MapPost("/{id:long}/approve", (ArFlowDbContext db, long id, DecideApproval.Request r, ClaimsPrincipal user, ArFlowOptions o, Clock c, CancellationToken ct) =>
                Decide(db, id, DecideApproval.Verdict.Approve, r, user, o, c, ct))
            .WithName("ApproveRequest").RequireAuthorization(Policies.Approve).WithSummary("Approves; the last approval needed makes the change (409 approval.stale when its basis changed). 403 for the requester or a role without the right.");
        group.MapPost("/{id:long}/reject", (ArFlowDbContext db, long id, DecideApproval.Request r, ClaimsPrincipal user, ArFlowOptions o, Clock c, CancellationToken ct) =>
                Decide(db, id, DecideApproval.Verdict.Reject, r, user, o, c, ct))
            .WithName("RejectRequest").RequireAuthorization(Policies.Approve).WithSummary("Rejects; nothing changes.");
        group.MapPost("/{id:long}/withdraw", (ArFlowDbContext db, long id, ClaimsPrincipal user, ArFlowOptions o, Clock c, CancellationToken ct) =>
                Decide(db, id, DecideApproval.Verdict.Withdraw, new DecideApproval.Request(), user, o, c, ct))
            .WithName("WithdrawRequest").RequireAuthorization(Policies.Approve).WithSummary("The requester withdraws a pending request.");
        group.MapPost("/{id:long}/attachments", AttachAsync).DisableAntiforgery()
            .WithName("AttachToRequest").RequireAuthorization(Policies.Approve).WithSummary("The requester adds a supporting file (multipart field 'file', at most 10 MB) while the request is pending.");
        group.MapGet("/{id:long}/attachments/{attachmentId:long}", async (ArFlowDbContext db, long id, long attachmentId, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var file = await db.ApprovalAttachments.AsNoTracking()
                    .SingleOrDefaultAsync(a => a.Id == attachmentId && a.RequestId == id && ApprovalQueries.Visible(db, user).Any(r => r.Id == id), ct);
                return file is null ? Unknown(id) : TypedResults.File(file.Content, file.ContentType, file.FileName);
            })
            .WithName("GetRequestAttachment").WithSummary("A supporting file of a request.");

        app.MapPost("/api/customers/{code}/credit-terms", (ArFlowDbContext db, string code, CreditTermsRequest r, ClaimsPrincipal user, ArFlowOptions o, Clock c, CancellationToken ct) =>
                Ask(db, ApprovalRules.CreditTerms, new ApprovalActions.CreditTermsPayload(code, r.CreditLimit, r.DefaultTerms), r.Reason, user, o, c, ct))
            .WithTags("Customers").WithName("ChangeCreditTerms").RequireAuthorization(Policies.MasterData)
            .WithSummary("Asks to change a customer's credit limit or default terms: 202 with the approval request, or 204 when no approval is configured.");
        app.MapPost("/api/customers/{code}/status", (ArFlowDbContext db, string code, StatusRequest r, ClaimsPrincipal user, ArFlowOptions o, Clock c, CancellationToken ct) =>
                Ask(db, ApprovalRules.CreditHold, new ApprovalActions.CreditHoldPayload(code, r.Status), r.Reason, user, o, c, ct))
            .WithTags("Customers").WithName("ChangeCreditStatus").RequireAuthorization(Policies.MasterData)
            .WithSummary("Puts a customer on hold or blocks them (204, at once), or asks to release a hold (202 with the approval request).");
        app.MapPost("/api/users/{name}/roles", (ArFlowDbContext db, string name, RoleChangeRequest r, ClaimsPrincipal user, ArFlowOptions o, Clock c, CancellationToken ct) =>
                Ask(db, ApprovalRules.RoleChange, new ApprovalActions.RoleChangePayload(name, r.Roles ?? []), r.Reason, user, o, c, ct))
            .WithTags("Users").WithName("ChangeRoles").RequireAuthorization(Policies.Users)
            .WithSummary("Asks to set a person's roles: 202 with the approval request (another admin approves), or 204 when no approval is configured.");
    }

    /// <summary>201 with the document when the change needed nobody's approval; 202 with the request
    /// (and where to follow it) when it waits for approval.</summary>
    public static async Task<IResult> Ask(
        ArFlowDbContext db, string action, object payload, string? reason, ClaimsPrincipal user, ArFlowOptions o, Clock c, CancellationToken ct)
    {
        var outcome = await RequestApproval.Handle(db, action, payload, reason, user, o, c, ct);
        if (!outcome.IsSuccess) return outcome.Errors.ToProblem();
        var done = outcome.Value!;
        if (done.Request is { } request) return TypedResults.Accepted($"/api/approvals/{request.Id}", request);
        return done.DocumentId is { } id ? TypedResults.Created($"/api/documents/{id}", await db.DtoAsync(id, ct)) : TypedResults.NoContent();
    }

    private static IResult Unknown(long id) => new DomainError(ErrorCodes.UnknownApproval, "id", id).ToProblem(notFound: true);

    private static async Task<IResult> Decide(ArFlowDbContext db, long id, DecideApproval.Verdict verdict, DecideApproval.Request r, ClaimsPrincipal user, ArFlowOptions o, Clock c, CancellationToken ct)
    {
        var result = await DecideApproval.Handle(db, id, verdict, r, user, o, c, ct);
        if (result.IsSuccess) return TypedResults.Ok(result.Value);
        return result.Errors.ToProblem(notFound: result.Errors[0].Code == ErrorCodes.UnknownApproval);
    }

    private static async Task<IResult> AttachAsync(ArFlowDbContext db, long id, IFormFile? file, ClaimsPrincipal user, Clock clock, CancellationToken ct)
    {
        if (file is null) return new DomainError(ErrorCodes.Required, "file").ToProblem();
        await using var content = file.OpenReadStream();
        var added = await ApprovalAttachments.AddAsync(db, id, user, file.FileName, file.ContentType, content, file.Length, clock, ct);
        if (added.IsSuccess) return TypedResults.Created($"/api/approvals/{id}/attachments/{added.Value!.Id}", added.Value);
        return added.Errors.ToProblem(notFound: added.Errors[0].Code == ErrorCodes.UnknownApproval);
    }
}
