using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Features.Approvals;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Contracts;

/// <summary>sort: signed, number or total, <c>-</c> for descending; newest signed first by default.</summary>
public sealed record ContractFilter(string? Customer = null, string? Search = null, string? Sort = null, int? Page = null, int? PageSize = null);

public static class ContractEndpoints
{
    public static void MapContractEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/contracts").WithTags("Contracts");
        group.MapGet("/", List).WithName("ListContracts").WithSummary("Lists contracts with their payment plans.");
        group.MapGet("/{id:long}", async (ArFlowDbContext db, long id, CancellationToken ct) =>
                await ContractQueries.LoadAsync(db, id, ct) is { } c ? TypedResults.Ok(c) : new DomainError(ErrorCodes.UnknownDocument, "id", id).ToProblem(notFound: true))
            .WithName("GetContract").WithSummary("One contract, its installments and what is open on each.");
        group.MapPost("/", CreateAsync)
            .WithName("CreateContract").RequireAuthorization(Policies.MasterData)
            .WithSummary("Creates a contract with a payment plan: equal parts, milestone percentages or a schedule (201); a contract the approval rules cover waits for approval (202).")
            .AddEndpointFilter<IdempotencyFilter>();
        group.MapPost("/{id:long}/installments/{sequence:int}/invoice",
                async (ArFlowDbContext db, long id, int sequence, BillInstallment.Request r, ArFlowOptions o, Clock c, CancellationToken ct) =>
                    (await BillInstallment.Handle(db, id, sequence, r, o, c, ct)).ToHttp(d => TypedResults.Created($"/api/documents/{d.Id}", d)))
            .WithName("BillInstallment").RequireAuthorization(Policies.Post).WithSummary("Invoices one installment of the plan.")
            .AddEndpointFilter<IdempotencyFilter>();
        group.MapPost("/credit-override", (ArFlowDbContext db, Credit.CreditOverride.ContractRequest r, System.Security.Claims.ClaimsPrincipal user, ArFlowOptions o, Clock c, CancellationToken ct) =>
                ApprovalEndpoints.Ask(db, ApprovalRules.CreditOverride, new Credit.CreditOverride.Payload(null, r.Contract), r.Reason, user, o, c, ct))
            .WithName("OverrideCreditForContract").RequireAuthorization(Policies.MasterData)
            .WithSummary("Asks an approver to make a contract the credit check blocks: 202 with the request (204 when the check no longer blocks).");
    }

    /// <summary>Through the approval rules: a large contract is made only once approved.</summary>
    private static async Task<IResult> CreateAsync(
        ArFlowDbContext db, CreateContract.Request r, System.Security.Claims.ClaimsPrincipal user, ArFlowOptions o, Clock c, CancellationToken ct)
    {
        var outcome = await RequestApproval.Handle(db, ApprovalRules.Contract, r, r.Reason, user, o, c, ct);
        if (!outcome.IsSuccess) return outcome.Errors.ToProblem();
        if (outcome.Value!.Request is { } request) return TypedResults.Accepted($"/api/approvals/{request.Id}", request);
        var made = await db.Contracts.Where(k => k.Number == r.Number!.Trim() && db.Customers.Any(x => x.Id == k.CustomerId && x.Code == r.CustomerCode!.Trim()))
            .Select(k => k.Id).SingleAsync(ct);
        var contract = await ContractQueries.LoadAsync(db, made, ct);
        return TypedResults.Created($"/api/contracts/{made}", contract);
    }

    public static async Task<Page<ContractDto>> List(ArFlowDbContext db, [AsParameters] ContractFilter f, CancellationToken ct)
    {
        var (skip, take, p, size) = Paging.Normalize(f.Page, f.PageSize);
        var q = db.Contracts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Customer)) q = q.Where(c => db.Customers.Any(x => x.Id == c.CustomerId && x.Code == f.Customer));
        if (!string.IsNullOrWhiteSpace(f.Search)) q = q.Where(c => c.Number.Contains(f.Search) || c.Title!.Contains(f.Search));
        var total = await q.CountAsync(ct);
        var (field, descending) = Paging.Sort(f.Sort);
        q = field switch
        {
            "number" => q.OrderBy(c => c.Number, descending).ThenBy(c => c.Id),
            "total" => q.OrderBy(c => c.Total, descending).ThenBy(c => c.Id),
            "signed" => q.OrderBy(c => c.SignedDate, descending).ThenBy(c => c.Id),
            _ => q.OrderByDescending(c => c.SignedDate).ThenBy(c => c.Id),
        };
        var ids = await q.Skip(skip).Take(take).Select(c => c.Id).ToListAsync(ct);
        return new Page<ContractDto>(await ContractQueries.LoadManyAsync(db, ids, ct), total, p, size);
    }
}
