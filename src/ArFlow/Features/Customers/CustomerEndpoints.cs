using ArFlow.Data;
using ArFlow.Domain.Customers;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Customers;

public static class CustomerEndpoints
{
    public static void MapCustomerEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/customers").WithTags("Customers");
        group.MapGet("/", List).WithName("ListCustomers").WithSummary("Lists customers, filtered and paged.");
        group.MapGet("/{code}", Get).WithName("GetCustomer").WithSummary("One customer by code.");
        group.MapPost("/", Create).WithName("CreateCustomer").RequireAuthorization(Policies.MasterData).WithSummary("Creates a customer; 409 when the code is taken.");
        group.MapPut("/{code}", Update).WithName("UpdateCustomer").RequireAuthorization(Policies.MasterData).WithSummary("Updates the fields given; the others keep their values.");
    }

    private static Task<Page<CustomerDto>> List(ArFlowDbContext db, [AsParameters] CustomerFilter filter, CancellationToken ct) =>
        CustomerList.ListAsync(db, filter, ct);

    private static async Task<IResult> Get(ArFlowDbContext db, string code, CancellationToken ct) =>
        await db.Customers.AsNoTracking().Include(c => c.Contacts).SingleOrDefaultAsync(c => c.Code == code, ct) is { } c
            ? TypedResults.Ok(c.ToDto())
            : new DomainError(ErrorCodes.UnknownCustomer, "code", code).ToProblem(notFound: true);

    private static async Task<IResult> Create(
        ArFlowDbContext db, SaveCustomer.Request request, ArFlowOptions options, Clock clock, CancellationToken ct) =>
        (await SaveCustomer.Handle(db, request, SaveCustomer.Mode.Create, options, clock, ct))
        .ToHttp(c => TypedResults.Created($"/api/customers/{Uri.EscapeDataString(c.Code)}", c));

    private static async Task<IResult> Update(
        ArFlowDbContext db, string code, SaveCustomer.Request request, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        var result = await SaveCustomer.Handle(db, request with { Code = code }, SaveCustomer.Mode.Update, options, clock, ct);
        return !result.IsSuccess && result.Errors[0].Code == ErrorCodes.UnknownCustomer
            ? result.Errors.ToProblem(notFound: true)
            : result.ToHttp(c => TypedResults.Ok(c));
    }
}
