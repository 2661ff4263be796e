using System.Security.Claims;
using ArFlow.Data;
using ArFlow.Features.Approvals;
using ArFlow.Features.Credit;
using ArFlow.Domain.Ledger;
using ArFlow.Features.Ledger;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;

namespace ArFlow.Features.Invoices;

public static class InvoiceEndpoints
{
    public static void MapInvoiceEndpoints(this IEndpointRouteBuilder app)
    {
        var invoices = app.MapGroup("/api/invoices").WithTags("Invoices");
        invoices.MapGet("/", (ArFlowDbContext db, Clock clock, [AsParameters] DocumentFilter f, CancellationToken ct) =>
                DocumentList.ListAsync(db, DocumentKind.Invoice, f, clock.Today, ct))
            .WithName("ListInvoices").WithSummary("Lists invoices; status=open|overdue|settled.");
        invoices.MapPost("/", Issue).WithName("IssueInvoice").RequireAuthorization(Policies.Post)
            .WithSummary("Posts an invoice; the due date follows the terms unless given. 409 credit.refused with the reasons when the credit check blocks it.")
            .AddEndpointFilter<IdempotencyFilter>();
        invoices.MapPost("/credit-override", (ArFlowDbContext db, CreditOverride.InvoiceRequest r, ClaimsPrincipal user, ArFlowOptions o, Clock c, CancellationToken ct) =>
                ApprovalEndpoints.Ask(db, ApprovalRules.CreditOverride, new CreditOverride.Payload(r.Invoice, null), r.Reason, user, o, c, ct))
            .WithName("OverrideCreditForInvoice").RequireAuthorization(Policies.Post)
            .WithSummary("Asks an approver to post an invoice the credit check blocks: 202 with the request (201 when the check no longer blocks).");

        var charges = app.MapGroup("/api/charges").WithTags("Charges");
        charges.MapGet("/", (ArFlowDbContext db, Clock clock, [AsParameters] DocumentFilter f, CancellationToken ct) =>
                DocumentList.ListAsync(db, DocumentKind.Charge, f, clock.Today, ct))
            .WithName("ListCharges").WithSummary("Lists late-interest and fee charges.");
        charges.MapPost("/", Charge).WithName("PostCharge").RequireAuthorization(Policies.Post).WithSummary("Posts late-payment interest or a fee the customer owes.")
            .AddEndpointFilter<IdempotencyFilter>();
    }

    private static async Task<IResult> Issue(ArFlowDbContext db, IssueInvoice.Request request, ArFlowOptions options, Clock clock, CancellationToken ct) =>
        (await IssueInvoice.Handle(db, request, options, clock, ct, checkCredit: true)).ToHttp(d => TypedResults.Created($"/api/documents/{d.Id}", d));

    private static async Task<IResult> Charge(ArFlowDbContext db, IssueInvoice.Request request, ArFlowOptions options, Clock clock, CancellationToken ct) =>
        (await IssueInvoice.Handle(db, request, options, clock, ct, DocumentKind.Charge)).ToHttp(d => TypedResults.Created($"/api/documents/{d.Id}", d));
}
