using System.Text.Json;
using ArFlow.Domain.Errors;
using Microsoft.AspNetCore.Diagnostics;

namespace ArFlow.Infrastructure;

/// <summary>A body that is not valid JSON for the request (a date like 2026-02-30, text where an
/// amount goes) becomes a 400 naming the field, like any other invalid input.</summary>
public sealed class BadRequestHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not BadHttpRequestException bad) return false;
        var field = bad.InnerException is JsonException { Path: { Length: > 2 } path } ? Camel(path[2..]) : "body";
        var detail = bad.InnerException is JsonException ? "" : ": " + bad.Message;
        await new DomainError(ErrorCodes.InvalidFormat, field, detail).ToProblem(StatusCodes.Status400BadRequest).ExecuteAsync(httpContext);
        return true;
    }

    private static string Camel(string path) => path.Length > 0 ? char.ToLowerInvariant(path[0]) + path[1..] : path;
}
