using System.Security.Claims;
using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;

namespace ArFlow.Features.Users;

public static class ApiKeyEndpoints
{
    public static void MapApiKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/api-keys").WithTags("Users").RequireAuthorization(Policies.Users);
        group.MapGet("/", async (ArFlowDbContext db, Clock clock, CancellationToken ct) => TypedResults.Ok(await ApiKeyAdmin.ListAsync(db, clock, ct)))
            .WithName("ListApiKeys").WithSummary("Every key with its user, scopes, expiry, revocation and last use; never the key itself.");
        group.MapPost("/", async (ArFlowDbContext db, ApiKeyAdmin.Request r, ClaimsPrincipal user, Clock clock, CancellationToken ct) =>
            {
                var issued = await ApiKeyAdmin.IssueAsync(db, r, user.Identity?.Name ?? "?", clock, ct);
                return issued.IsSuccess ? TypedResults.Created($"/api/api-keys/{issued.Value!.Details.Id}", issued.Value) : issued.Errors.ToProblem();
            })
            .WithName("IssueApiKey").WithSummary("Issues a key for a person: scopes 'read' (default) plus writing areas, optional expiry. The key is in this answer only.");
        group.MapPost("/{id:long}/revoke", async (ArFlowDbContext db, long id, Clock clock, CancellationToken ct) =>
            {
                var revoked = await ApiKeyAdmin.RevokeAsync(db, id, clock, ct);
                return revoked.IsSuccess ? TypedResults.Ok(revoked.Value) : revoked.Errors.ToProblem(notFound: true);
            })
            .WithName("RevokeApiKey").WithSummary("Revokes a key at once; later requests with it are refused (and logged).");
        group.MapGet("/{id:long}/uses", async (ArFlowDbContext db, long id, int? page, int? pageSize, CancellationToken ct) =>
                await ApiKeyAdmin.UsesAsync(db, id, page, pageSize, ct) is { } uses
                    ? TypedResults.Ok(uses)
                    : new DomainError(ErrorCodes.UnknownApiKey, "id", id).ToProblem(notFound: true))
            .WithName("ApiKeyUses").WithSummary("Every request made with the key, refused ones included, newest first.");
    }
}
