using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Contracts;

public static class ContractEndpoints
{
    public static void MapContractEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/contracts").WithTags("Contracts");
        group.MapGet("/", (ArFlowDbContext db, string? customer, string? search, string? sort, int? page, int? pageSize, CancellationToken ct) =>
                List(db, customer, page, pageSize, ct, sort, search)).WithName("ListContracts").WithSummary("Lists contracts with their payment plans.");
        group.MapGet("/{id:long}", async (ArFlowDbContext db, long id, CancellationToken ct) =>
                await ContractQueries.LoadAsync(db, id, ct) is { } c ? TypedResults.Ok(c) : new DomainError(ErrorCodes.UnknownDocument, "id", id).ToProblem(notFound: true))
            .WithName("GetContract").WithSummary("One contract, its installments and what is open on each.");
        group.MapPost("/", async (ArFlowDbContext db, CreateContract.Request r, ArFlowOptions o, Clock c, CancellationToken ct) =>
                (await CreateContract.Handle(db, r, o, c, ct)).ToHttp(x => TypedResults.Created($"/api/contracts/{x.Id}", x)))
            .WithName("CreateContract").RequireAuthorization(Policies.MasterData).WithSummary("Creates a contract with a payment plan: equal parts, milestone percentages or a schedule.")
            .AddEndpointFilter<IdempotencyFilter>();
        group.MapPost("/{id:long}/installments/{sequence:int}/invoice",
                async (ArFlowDbContext db, long id, int sequence, BillInstallment.Request r, ArFlowOptions o, Clock c, CancellationToken ct) =>
                    (await BillInstallment.Handle(db, id, sequence, r, o, c, ct)).ToHttp(d => TypedResults.Created($"/api/documents/{d.Id}", d)))
            .WithName("BillInstallment").RequireAuthorization(Policies.Post).WithSummary("Invoices one installment of the plan.")
            .AddEndpointFilter<IdempotencyFilter>();
    }

    /// <summary>sort: signed (newest first, the default), number or total; a leading + reverses signed and total, - reverses number.</summary>
    public static async Task<Page<ContractDto>> List(ArFlowDbContext db, string? customer, int? page, int? pageSize, CancellationToken ct, string? sort = null, string? search = null)
    {
        var (skip, take, p, size) = Paging.Normalize(page, pageSize);
        var q = db.Contracts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(customer)) q = q.Where(c => db.Customers.Any(x => x.Id == c.CustomerId && x.Code == customer));
        if (!string.IsNullOrWhiteSpace(search)) q = q.Where(c => c.Number.Contains(search) || c.Title!.Contains(search));
        var total = await q.CountAsync(ct);
        q = sort switch
        {
            "number" => q.OrderBy(c => c.Number).ThenBy(c => c.Id),
            "-number" => q.OrderByDescending(c => c.Number).ThenBy(c => c.Id),
            "total" => q.OrderByDescending(c => c.Total).ThenBy(c => c.Id),
            "+total" => q.OrderBy(c => c.Total).ThenBy(c => c.Id),
            "+signed" => q.OrderBy(c => c.SignedDate).ThenBy(c => c.Id),
            _ => q.OrderByDescending(c => c.SignedDate).ThenBy(c => c.Id),
        };
        var ids = await q.Skip(skip).Take(take).Select(c => c.Id).ToListAsync(ct);
        return new Page<ContractDto>(await ContractQueries.LoadManyAsync(db, ids, ct), total, p, size);
    }
}
