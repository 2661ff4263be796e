using System.Text.Json;
using ArFlow.Domain.Errors;
using ArFlow.Features.Approvals;
using ArFlow.Features.Contracts;
using ArFlow.Features.Ledger;
using ArFlow.Features.Invoices;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Credit;

/// <summary>Credit given although the check blocks it: an invoice or a contract that waits for an
/// approver (rule credit-override, a finance manager by default; never the requester) who reads the
/// blocking reasons and the requester's reason. Approval posts it without the check; the request,
/// its reasons and decisions stay in the approval history and the audit trail. When the check no
/// longer blocks, nothing needs overriding and it is made at once.</summary>
public static class CreditOverride
{
    public sealed record Payload(IssueInvoice.Request? Invoice, CreateContract.Request? Contract);

    public sealed record InvoiceRequest(IssueInvoice.Request? Invoice, string? Reason = null);

    public sealed record ContractRequest(CreateContract.Request? Contract, string? Reason = null);

    public static readonly ApprovalAction Action = new(ApprovalRules.CreditOverride, DescribeAsync, ApplyAsync);

    private static async Task<Result<Proposal>> DescribeAsync(ActionContext c, JsonElement payload)
    {
        var p = ApprovalActions.Read<Payload>(payload);
        if ((p.Invoice is null) == (p.Contract is null)) return new DomainError(ErrorCodes.Required, p.Invoice is null ? "invoice" : "contract");
        // Made and rolled back without the check, so every other problem is reported now.
        var made = await c.Db.DryRunAsync(() => MakeAsync(c, p), c.Ct);
        if (!made.IsSuccess) return Result<Proposal>.Fail(made.Errors);
        var (code, number, currency, amount, _) = made.Value!;
        var customer = await c.Db.Customers.AsNoTracking().SingleAsync(k => k.Code == code, c.Ct);
        var refusals = await CreditGate.RefusalsAsync(c.Db, code, currency, amount, c.Options, c.Clock, c.Ct);
        var (_, _, exposure) = await RunCreditCheck.EvaluateAsync(c.Db, customer, 0m, c.Clock, c.Ct);
        var rate = await c.Db.RateAsync(currency, c.Clock.Today, c.Options.Base, c.Ct);
        return new Proposal($"{code} {number}", customer.Id, null, amount * (rate.IsSuccess ? rate.Value : 1m),
            new { customer.CreditLimit, Status = Check.Kebab(customer.Status.ToString()), customer.Version },
            new { Document = number, Amount = amount, Currency = currency, Exposure = exposure.Total + amount,
                Blocks = string.Join(" ", refusals.Skip(1).Select(e => e.Message())) },
            Exempt: refusals.Count == 0);
    }

    private static async Task<Result<long?>> ApplyAsync(ActionContext c, JsonElement payload)
    {
        var made = await MakeAsync(c, ApprovalActions.Read<Payload>(payload));
        return made.IsSuccess ? made.Value!.DocumentId : Result<long?>.Fail(made.Errors);
    }

    private sealed record Made(string CustomerCode, string Number, string Currency, decimal Amount, long? DocumentId = null);

    private static async Task<Result<Made>> MakeAsync(ActionContext c, Payload p)
    {
        if (p.Invoice is { } invoice)
        {
            var posted = await IssueInvoice.Handle(c.Db, invoice, c.Options, c.Clock, c.Ct);
            return posted.IsSuccess ? new Made(posted.Value!.CustomerCode, posted.Value.Number ?? "", posted.Value.Currency, posted.Value.Amount, posted.Value.Id) : Result<Made>.Fail(posted.Errors);
        }
        var contract = await CreateContract.Handle(c.Db, p.Contract!, c.Options, c.Clock, c.Ct);
        return contract.IsSuccess ? new Made(contract.Value!.CustomerCode, contract.Value.Number, contract.Value.Currency, contract.Value.Total) : Result<Made>.Fail(contract.Errors);
    }
}
