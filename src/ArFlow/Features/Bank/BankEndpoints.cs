using System.Security.Claims;
using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Reconciliation;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;

namespace ArFlow.Features.Bank;

public static class BankEndpoints
{
    public sealed record MatchRequest(bool AutoPost = false);

    public static void MapBankEndpoints(this IEndpointRouteBuilder app)
    {
        // The company's bank accounts: for those who post receipts.
        var bank = app.MapGroup("/api/bank").WithTags("Bank").RequireAuthorization(Policies.Post);
        bank.MapPost("/statements", async (ArFlowDbContext db, IFormFile? file, string? inputFormat, string? mapping, bool? strict, ClaimsPrincipal user, Clock clock, CancellationToken ct) =>
            {
                if (file is null) return new DomainError(ErrorCodes.Required, "file").ToProblem();
                await using var content = file.OpenReadStream();
                var upload = await Uploads.ReadAsync(file.FileName, file.ContentType, content, file.Length, "statement", ct);
                if (!upload.IsSuccess) return upload.Errors.ToProblem();
                var imported = await BankImport.ImportAsync(db, upload.Value!.Content, upload.Value.FileName, inputFormat, mapping, strict ?? false,
                    user.Identity?.Name ?? "?", clock, ct);
                return imported.IsSuccess ? TypedResults.Created("/api/bank/statements", imported.Value) : imported.Errors.ToProblem();
            })
            .DisableAntiforgery().WithName("ImportBankStatement")
            .WithSummary("Imports a bank statement (multipart `file`; query inputFormat, mapping, strict): each movement once; a statement that does not add up comes with a warning, or a 400 when strict.");
        bank.MapGet("/mappings", async (ArFlowDbContext db, CancellationToken ct) => TypedResults.Ok(new
            {
                Defined = await BankMappings.GetAsync(db, ct), Shipped = TabularMapping.Shipped,
            }))
            .WithName("GetBankMappings").WithSummary("The column mappings of spreadsheet exports: those defined here (with the version a change must name) and the shipped ones.");
        bank.MapPut("/mappings", async (ArFlowDbContext db, StoredSettings.SaveRequest<BankMappings.Mappings> r, ClaimsPrincipal user, Clock clock, CancellationToken ct) =>
            {
                var saved = await BankMappings.SaveAsync(db, r, user.Identity?.Name ?? "?", clock, ct);
                return saved.IsSuccess ? Results.Ok(saved.Value) : saved.Errors.ToProblem();
            })
            .RequireAuthorization(Policies.Settings).WithName("SaveBankMappings")
            .WithSummary("Replaces the defined mappings (409 when the version is stale): name, date, amount or credit and debit, currency column or currency, counterparty, account, details, reference, balance.");
        bank.MapPost("/match", async (ArFlowDbContext db, MatchRequest? r, ClaimsPrincipal user, ArFlowOptions options, Clock clock, CancellationToken ct) =>
                TypedResults.Ok(await CashApplication.RunAsync(db, r?.AutoPost ?? false, user.Identity?.Name ?? "?", options, clock, ct)))
            .WithName("MatchBankCredits")
            .WithSummary("Matches every imported credit not yet posted; with autoPost, posts those at least as sure as ArFlow:Bank:AutoPostConfidence.");
        bank.MapGet("/matches", async (ArFlowDbContext db, [AsParameters] CashApplication.Filter f, CancellationToken ct) =>
            {
                var listed = await CashApplication.ListAsync(db, f, ct);
                return listed.IsSuccess ? Results.Ok(listed.Value) : listed.Errors.ToProblem();
            })
            .WithName("ListBankMatches").WithSummary("The review queue (status proposed, the default), or the credits posted or without a customer.");
        bank.MapPost("/matches/{lineId:long}/accept", async (ArFlowDbContext db, long lineId, CashApplication.AcceptRequest? r, ClaimsPrincipal user, ArFlowOptions options, Clock clock, CancellationToken ct) =>
            {
                var accepted = await CashApplication.AcceptAsync(db, lineId, r ?? new(), user.Identity?.Name ?? "?", options, clock, ct);
                return accepted.IsSuccess ? Results.Ok(accepted.Value) : accepted.Errors.ToProblem(notFound: accepted.Errors[0].Code == ErrorCodes.UnknownBankLine);
            })
            .WithName("AcceptBankMatch")
            .WithSummary("Posts a credit as proposed (empty body), or to the customer and invoices given; the payer's account is learnt for that customer.");
        bank.MapGet("/statements", async (ArFlowDbContext db, [AsParameters] BankStatements.Filter f, CancellationToken ct) => TypedResults.Ok(await BankStatements.ListAsync(db, f, ct)))
            .WithName("ListBankStatements").WithSummary("The imported statements, newest first: account, balances, whether they added up, the file and who imported it.");
        bank.MapGet("/lines", async (ArFlowDbContext db, [AsParameters] BankStatements.LineFilter f, CancellationToken ct) => TypedResults.Ok(await BankStatements.LinesAsync(db, f, ct)))
            .WithName("ListBankLines").WithSummary("The imported movements, newest first: statement, account, from, to, creditsOnly.");
    }
}
