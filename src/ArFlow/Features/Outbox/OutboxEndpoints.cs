using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;

namespace ArFlow.Features.Outbox;

public static class OutboxEndpoints
{
    public static void MapOutboxEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/outbox").WithTags("Outbox").RequireAuthorization(Policies.Settings);
        group.MapGet("/", async (ArFlowDbContext db, [AsParameters] OutboxList.Filter f, CancellationToken ct) =>
            {
                var listed = await OutboxList.ListAsync(db, f, ct);
                return listed.IsSuccess ? Results.Ok(listed.Value) : listed.Errors.ToProblem();
            })
            .WithName("ListOutbox")
            .WithSummary("Everything sent or to be sent, newest first, with its delivery state and attempts: state (queued, retrying, sent, failed, bounced, withdrawn), channel, topic, customer.");
        group.MapPost("/{id:long}/retry", async (ArFlowDbContext db, long id, Clock clock, CancellationToken ct) =>
            {
                var retried = await OutboxList.RetryAsync(db, id, clock, ct);
                return retried.IsSuccess ? Results.Ok(retried.Value) : retried.Errors.ToProblem(notFound: retried.Errors[0].Code == ErrorCodes.UnknownMessage);
            })
            .WithName("RetryOutboxMessage").WithSummary("Tries a failed message again now (409 when it is not failed: sent, queued, bounced or withdrawn).");
    }
}
