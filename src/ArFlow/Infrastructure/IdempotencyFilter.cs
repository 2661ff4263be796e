using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Errors;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ArFlow.Infrastructure;

/// <summary>Honours the Idempotency-Key header on postings. The key is claimed by inserting its row
/// in the same transaction as the posting, so a retry, or a twin request racing the first, finds the
/// saved response instead of posting again; the same key with another body gets 422. Failed
/// requests save nothing and may be retried with the same key.</summary>
public sealed class IdempotencyFilter(ArFlowDbContext db, Clock clock, IOptions<JsonOptions> json) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString().Trim();
        if (key.Length == 0) return await next(context);
        if (key.Length > MaxKeyLength) return new DomainError(ErrorCodes.TooLong, Header, MaxKeyLength).ToProblem();
        var hash = Hash(http.Request, context.Arguments);
        var ct = http.RequestAborted;

        if (await ReplayAsync(key, hash, ct) is { } replay) return replay;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var record = new IdempotencyRecord { Key = key, RequestHash = hash, ResponseJson = "", CreatedAt = clock.Now };
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // A twin request claimed the key first and has committed by now: answer as it did.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return await ReplayAsync(key, hash, ct);
        }

        var result = await next(context);
        if (result is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } status && result is IValueHttpResult value)
        {
            record.StatusCode = status.StatusCode.Value;
            record.ResponseJson = JsonSerializer.Serialize(value.Value, json.Value.SerializerOptions);
            record.Location = result.GetType().GetProperty("Location")?.GetValue(result) as string;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        else
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
        }
        return result;
    }

    private async Task<IResult?> ReplayAsync(string key, string hash, CancellationToken ct)
    {
        var saved = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Key == key, ct);
        if (saved is null) return null;
        if (saved.RequestHash != hash)
            return new DomainError(ErrorCodes.IdempotencyKeyReused, Header).ToProblem(StatusCodes.Status422UnprocessableEntity);
        return new Replayed(saved.StatusCode, saved.ResponseJson, saved.Location);
    }

    /// <summary>What identifies a request: method, path and the bound request body.</summary>
    private string Hash(HttpRequest request, IList<object?> arguments)
    {
        var body = arguments.Where(a => a?.GetType().Namespace?.StartsWith("ArFlow.Features", StringComparison.Ordinal) == true)
            .Select(a => JsonSerializer.Serialize(a, a!.GetType(), json.Value.SerializerOptions));
        var text = $"{request.Method} {request.Path}{request.QueryString}\n{string.Join("\n", body)}";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private sealed class Replayed(int status, string jsonBody, string? location) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            if (location is not null) httpContext.Response.Headers.Location = location;
            await httpContext.Response.WriteAsync(jsonBody, Encoding.UTF8);
        }
    }
}
