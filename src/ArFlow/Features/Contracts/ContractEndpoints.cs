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
        group.MapGet("/", List).WithName("ListContracts").WithSummary("Lists contracts with their payment plans.");
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

    public static async Task<Page<ContractDto>> List(ArFlowDbContext db, string? customer, int? page, int? pageSize, CancellationToken ct)
    {
        var (skip, take, p, size) = Paging.Normalize(page, pageSize);
        var q = db.Contracts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(customer)) q = q.Where(c => db.Customers.Any(x => x.Id == c.CustomerId && x.Code == customer));
        var total = await q.CountAsync(ct);
        var ids = await q.OrderByDescending(c => c.SignedDate).ThenBy(c => c.Id).Skip(skip).Take(take).Select(c => c.Id).ToListAsync(ct);
        return new Page<ContractDto>(await ContractQueries.LoadManyAsync(db, ids, ct), total, p, size);
    }
}
