using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace ArFlow.Features.Statements;

/// <summary>The portal for programs and the page's download: reached with the link's token alone, no
/// account; rate-limited per address and per token (<c>ArFlow:Statements:PortalRequestsPerMinute</c>).</summary>
public static class PortalEndpoints
{
    public sealed record ConfirmRequest(string? Name, string? Position, string? Signature);

    public static void MapPortalEndpoints(this IEndpointRouteBuilder app)
    {
        var portal = app.MapGroup("").WithTags("Portal").AllowAnonymous();
        portal.MapGet("/api/portal/{token}", async (ArFlowDbContext db, Portal p, string token, CancellationToken ct) =>
                Answer(await p.OpenAsync(db, token, ct), v => Results.Ok(v)))
            .WithName("PortalStatement").WithSummary("The statement a portal link opens: as issued, with its movements, open items and the answers so far.");
        portal.MapGet("/portal/{token}/statement.pdf", async (ArFlowDbContext db, Portal p, string token, CancellationToken ct) =>
                Answer(await p.PdfAsync(db, token, ct), f => Results.File(f.Pdf, "application/pdf", $"statement-{f.Number}.pdf")))
            .WithName("PortalStatementPdf").WithSummary("The statement's PDF exactly as it was sent.");
        portal.MapPost("/api/portal/{token}/confirm", async (ArFlowDbContext db, Portal p, string token, ConfirmRequest r, HttpContext http, CancellationToken ct) =>
                Answer(await p.ConfirmAsync(db, token, new Portal.Confirmation(r.Name, r.Position, Png(r.Signature)), VisitorOf(http), ct), v => Results.Ok(v)))
            .WithName("PortalConfirm").WithSummary("Confirms the closing balance: name, position and the drawn signature (a PNG, base64 or a data URL).");
        portal.MapPost("/api/portal/{token}/disputes", async (ArFlowDbContext db, Portal p, string token, [FromForm] long? line, [FromForm] string? reason,
                [FromForm] string? comment, [FromForm] string? name, [FromForm] decimal? amount, IFormFile? file, HttpContext http, CancellationToken ct) =>
            {
                Upload? upload = null;
                if (file is not null)
                {
                    await using var content = file.OpenReadStream();
                    var read = await Uploads.ReadAsync(file.FileName, file.ContentType, content, file.Length, "file", ct);
                    if (!read.IsSuccess) return read.Errors.ToProblem();
                    upload = read.Value;
                }
                return Answer(await p.DisputeAsync(db, token, new Portal.DisputeLine(line, reason, comment, name, amount, upload), VisitorOf(http), ct), v => Results.Ok(v));
            })
            .DisableAntiforgery().WithName("PortalDispute")
            .WithSummary("Disputes one open item of the statement (multipart: line = its document id, reason, comment, name, amount, file); opens a dispute for the collector.");
    }

    public static Visitor VisitorOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return new Visitor(http.Connection.RemoteIpAddress?.ToString() ?? "?", http.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : "?");
    }

    /// <summary>The PNG of a data URL or of plain base64; null when it is neither.</summary>
    public static byte[]? Png(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var comma = text.StartsWith("data:", StringComparison.Ordinal) ? text.IndexOf(',', StringComparison.Ordinal) : -1;
        try { return Convert.FromBase64String(text[(comma + 1)..]); }
        catch (FormatException) { return null; }
    }

    /// <summary>An unknown or altered link is 404, an expired or withdrawn one 410, the rest as everywhere.</summary>
    public static IResult Answer<T>(Result<T> result, Func<T, IResult> ok)
    {
        ArgumentNullException.ThrowIfNull(ok);
        if (result.IsSuccess) return ok(result.Value!);
        return result.Errors[0].Code switch
        {
            ErrorCodes.UnknownPortalLink => result.Errors.ToProblem(StatusCodes.Status404NotFound),
            ErrorCodes.PortalExpired or ErrorCodes.PortalRevoked => result.Errors.ToProblem(StatusCodes.Status410Gone),
            _ => result.Errors.ToProblem(),
        };
    }
}
