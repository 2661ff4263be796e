using ArFlow.Data;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;

namespace ArFlow.Features.Audit;

public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/audit", async (ArFlowDbContext db, [AsParameters] AuditFilter filter, int? page, int? pageSize, Clock clock, CancellationToken ct) =>
                TypedResults.Ok(await AuditSearch.PageAsync(db, filter, page, pageSize, clock, ct)))
            .WithTags("Audit").WithName("SearchAudit").RequireAuthorization(Policies.Audit)
            .WithSummary("The audit trail, newest first: from/to (days, both included), actor, action (prefix), entity, entityId, customer, channel.");
}
