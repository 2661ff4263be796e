using System.Globalization;
using System.Security.Claims;
using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;
using MiniExcelLibs;

namespace ArFlow.Features.Statements;

public static class StatementEndpoints
{
    public sealed record MonthRequest(string? Month);

    public static void MapStatementEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/statements", async (ArFlowDbContext db, ArFlowOptions options, Clock clock, string? customer, DateOnly? from, DateOnly? to, string? format, string? lang, CancellationToken ct) =>
            {
                if (format is not (null or "json" or "pdf" or "xlsx")) return new DomainError(ErrorCodes.InvalidEnum, "format", format, "json, pdf, xlsx").ToProblem();
                var result = await StatementQuery.RunAsync(db, customer, from, to, ct);
                if (!result.IsSuccess) return result.Errors.ToProblem();
                var s = result.Value!;
                var culture = lang is null ? CultureInfo.CurrentUICulture : Text.Closest(lang);
                if (format is null or "json") return TypedResults.Ok(s);
                await db.RecordExportAsync($"statement-{s.CustomerCode}-{s.To:yyyyMMdd}.{format}", new { customer = s.CustomerCode, from, to, format }, ct);
                if (format == "pdf")
                    return Results.File(StatementPdf.Render(s, StatementPdf.Header(options, culture.Name, null, clock.Today, null), culture.Name, options.Buckets, options.Dunning.LetterFont),
                        "application/pdf", $"statement-{s.CustomerCode}-{s.To:yyyyMMdd}.pdf");
                using var stream = new MemoryStream();
                await StatementExport.XlsxAsync(stream, s, culture, options.Buckets, ct);
                return Results.File(stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"statement-{s.CustomerCode}-{s.To:yyyyMMdd}.xlsx");
            })
            .WithTags("Reports").WithName("Statement")
            .WithSummary("Statement of account for a customer and period: opening balance, movements, closing balance, open items; format=pdf or xlsx for the document (not archived; issue one to send it).");
        app.MapGet("/api/customers/{code}/open-items", async (ArFlowDbContext db, Clock clock, string code, DateOnly? asOf, CancellationToken ct) =>
            {
                var date = asOf ?? clock.Today;
                return (await StatementQuery.RunAsync(db, code, date, date, ct)).ToHttp(s => TypedResults.Ok(
                    s.Currencies.Select(c => new { c.Currency, Balance = c.ClosingBalance, c.OpenItems })));
            })
            .WithTags("Customers").WithName("CustomerOpenItems").WithSummary("What a customer has open as of a date (default today).");


        var issued = app.MapGroup("/api/statements").WithTags("Statements");
        issued.MapPost("/issue", async (ArFlowDbContext db, IssueStatements issue, IssueStatements.Request r, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var made = await issue.IssueAsync(db, r, user.Identity?.Name ?? "?", ct);
                return made.IsSuccess ? Results.Created($"/api/statements/archive/{made.Value!.Id}", made.Value) : made.Errors.ToProblem();
            })
            .RequireAuthorization(Policies.FollowUp).WithName("IssueStatement")
            .WithSummary("Issues a statement of account (customer, from, to, language; send: email it with the PDF and the portal link) and keeps the PDF as issued.");
        issued.MapPost("/monthly-run", async (ArFlowDbContext db, IssueStatements issue, MonthRequest r, ClaimsPrincipal user, CancellationToken ct) =>
            {
                if (!DateOnly.TryParseExact((r.Month ?? "") + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
                    return new DomainError(ErrorCodes.InvalidDate, "month", r.Month ?? "").ToProblem();
                return Results.Ok(await issue.RunMonthAsync(db, month.Year, month.Month, user.Identity?.Name ?? "?", ct));
            })
            .RequireAuthorization(Policies.Settings).WithName("RunMonthlyStatements")
            .WithSummary("Issues and sends the month's statements (month: yyyy-MM) to every customer with a balance or movements; those already issued for the month are skipped.");
        issued.MapGet("/archive", async (ArFlowDbContext db, [AsParameters] StatementArchive.Filter f, string? format, CancellationToken ct) =>
            {
                if (format is not (null or "json" or "xlsx")) return new DomainError(ErrorCodes.InvalidEnum, "format", format, "json, xlsx").ToProblem();
                if (format == "xlsx")
                {
                    var all = await Shell.Export.AllPagesAsync(async n => (await StatementArchive.ListAsync(db, f with { Page = n, PageSize = Paging.MaxPageSize }, ct)).Value!);
                    await db.RecordExportAsync("statements.xlsx", new { rows = all.Count, filter = f }, ct);
                    using var stream = new MemoryStream();
                    await stream.SaveAsAsync(StatementArchive.Rows(all, CultureInfo.CurrentUICulture).ToList(), cancellationToken: ct);
                    return Results.File(stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "statements.xlsx");
                }
                var listed = await StatementArchive.ListAsync(db, f, ct);
                return listed.IsSuccess ? Results.Ok(listed.Value) : listed.Errors.ToProblem();
            })
            .WithName("StatementArchive")
            .WithSummary("Issued statements, newest first (customer, status issued|confirmed|disputed, from, to, q: number, name or address; format=xlsx exports them).");
        issued.MapGet("/archive/{id:long}", async (ArFlowDbContext db, long id, CancellationToken ct) =>
            {
                var found = await StatementArchive.DetailAsync(db, id, ct);
                return found.IsSuccess ? Results.Ok(found.Value) : found.Errors.ToProblem(notFound: true);
            })
            .WithName("ArchivedStatement").WithSummary("One issued statement: its links, the replies with their seals checked, and whether the PDF still matches its SHA-256.");
        issued.MapGet("/archive/{id:long}/pdf", (ArFlowDbContext db, long id, CancellationToken ct) => FileAsync(db, id, null, "pdf", ct))
            .WithName("ArchivedStatementPdf").WithSummary("The PDF exactly as it was issued and sent.");
        issued.MapGet("/archive/{id:long}/replies/{replyId:long}/signature", (ArFlowDbContext db, long id, long replyId, CancellationToken ct) => FileAsync(db, id, replyId, "signature", ct))
            .WithName("StatementReplySignature").WithSummary("The signature drawn by the person who confirmed (PNG).");
        issued.MapGet("/archive/{id:long}/replies/{replyId:long}/file", (ArFlowDbContext db, long id, long replyId, CancellationToken ct) => FileAsync(db, id, replyId, "file", ct))
            .WithName("StatementReplyFile").WithSummary("The file attached to a disputed line.");
        issued.MapPost("/archive/{id:long}/links", async (ArFlowDbContext db, IssueStatements issue, long id, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var made = await issue.RelinkAsync(db, id, user.Identity?.Name ?? "?", ct);
                return made.IsSuccess ? Results.Ok(new { url = made.Value.Url, expiresAt = made.Value.ExpiresAt }) : made.Errors.ToProblem(notFound: true);
            })
            .RequireAuthorization(Policies.FollowUp).WithName("NewPortalLink").WithSummary("A new portal link for an issued statement (shown once).");
        issued.MapPost("/links/{linkId:long}/revoke", async (ArFlowDbContext db, IssueStatements issue, long linkId, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var done = await issue.RevokeAsync(db, linkId, user.Identity?.Name ?? "?", ct);
                return done.IsSuccess ? Results.NoContent() : done.Errors.ToProblem(notFound: true);
            })
            .RequireAuthorization(Policies.FollowUp).WithName("RevokePortalLink").WithSummary("Withdraws a portal link: it no longer opens.");
    }

    private static async Task<IResult> FileAsync(ArFlowDbContext db, long id, long? replyId, string what, CancellationToken ct) =>
        await StatementArchive.FileAsync(db, id, replyId, what, ct) is { } f ? Results.File(f.Content, f.Type, f.Name)
            : new DomainError(ErrorCodes.UnknownStatement, "id", id).ToProblem(notFound: true);
}
