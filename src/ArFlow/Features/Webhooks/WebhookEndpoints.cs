using System.Security.Claims;
using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;

namespace ArFlow.Features.Webhooks;

public static class WebhookEndpoints
{
    public static void MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/webhooks").WithTags("Webhooks").RequireAuthorization(Policies.Settings);
        group.MapGet("/", async (ArFlowDbContext db, CancellationToken ct) => TypedResults.Ok(await WebhookAdmin.ListAsync(db, ct)))
            .WithName("ListWebhooks").WithSummary("The subscriptions (never their secrets).");
        group.MapGet("/events", () => TypedResults.Ok(WebhookEvents.Events))
            .WithName("WebhookEvents").WithSummary("The events one can subscribe to.");
        group.MapPost("/", async (ArFlowDbContext db, WebhookAdmin.Request r, ClaimsPrincipal user, Clock clock, CancellationToken ct) =>
            {
                var made = await WebhookAdmin.CreateAsync(db, r, user.Identity?.Name ?? "?", clock, ct);
                return made.IsSuccess ? TypedResults.Created($"/api/webhooks/{made.Value!.Details.Id}", made.Value) : made.Errors.ToProblem();
            })
            .WithName("CreateWebhook").WithSummary("Subscribes a URL to events ('*' for all); the signing secret is in this answer only.");
        group.MapPost("/{id:long}/active", async (ArFlowDbContext db, long id, WebhookAdmin.ActiveRequest r, CancellationToken ct) =>
            {
                var changed = await WebhookAdmin.SetActiveAsync(db, id, r.Active, ct);
                return changed.IsSuccess ? TypedResults.Ok(changed.Value) : changed.Errors.ToProblem(notFound: true);
            })
            .WithName("SetWebhookActive").WithSummary("Turns a subscription off (its pending calls stop) or on again.");
        group.MapGet("/{id:long}/deliveries", async (ArFlowDbContext db, long id, int? page, int? pageSize, CancellationToken ct) =>
                await WebhookAdmin.DeliveriesAsync(db, id, page, pageSize, ct) is { } page1
                    ? TypedResults.Ok(page1)
                    : new DomainError(ErrorCodes.UnknownWebhook, "id", id).ToProblem(notFound: true))
            .WithName("WebhookDeliveries").WithSummary("The delivery log: each call, its attempts and answers, newest first.");
    }
}
