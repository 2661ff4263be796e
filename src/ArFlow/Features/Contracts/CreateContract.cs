using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Contracts;
using ArFlow.Domain.Errors;
using ArFlow.Features.Ledger;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;
using M = ArFlow.Domain.Money.Money;

namespace ArFlow.Features.Contracts;

public sealed record InstallmentDto(int Sequence, DateOnly DueDate, decimal Amount, string? Milestone, string? InvoiceNumber, decimal? Open);

public sealed record ContractDto(
    long Id, string CustomerCode, string Number, string? Title, DateOnly SignedDate, decimal Total, string Currency, string Terms,
    IReadOnlyList<InstallmentDto> Installments);

/// <summary>Signs a contract with its payment plan (回款计划), built by one of three rules.</summary>
public static class CreateContract
{
    /// <summary>kind: "equal" (count, firstDueDate, monthsApart), "percentages" (milestones) or "schedule" (installments).</summary>
    public sealed record Plan(
        string? Kind, int? Count = null, DateOnly? FirstDueDate = null, int? MonthsApart = null,
        IReadOnlyList<MilestoneShare>? Milestones = null, IReadOnlyList<ScheduledInstallment>? Installments = null);

    public sealed record ScheduledInstallment(DateOnly DueDate, decimal Amount, string? Milestone = null);

    public sealed record Request(
        string? CustomerCode, string? Number, DateOnly? SignedDate, decimal? Total, Plan? Plan,
        string? Currency = null, string? Terms = null, string? Title = null, string? Reason = null);

    /// <summary>Makes the contract; <paramref name="checkCredit"/>: refused when the credit check blocks
    /// its total (what people ask for; not an approved credit override, not the demo's history).</summary>
    public static async Task<Result<ContractDto>> Handle(ArFlowDbContext db, Request r, ArFlowOptions options, Clock clock, CancellationToken ct, bool checkCredit = false)
    {
        var customer = await db.CustomerAsync(r.CustomerCode, ct);
        var check = new Check();
        if (customer is null) check.Add(ErrorCodes.UnknownCustomer, "customerCode", r.CustomerCode ?? "");
        var number = check.Text("number", r.Number, 64);
        if (r.SignedDate is null) check.Add(ErrorCodes.Required, "signedDate");
        var currency = check.Currency("currency", r.Currency, customer is null ? options.Base : Domain.Money.Currency.Parse(customer.Currency));
        var total = check.Amount("total", r.Total, currency);
        var terms = check.Terms("terms", r.Terms);
        var title = check.OptionalText("title", r.Title, 200);
        if (r.Plan is null) check.Add(ErrorCodes.Required, "plan");
        if (!check.Ok) return Result<ContractDto>.Fail(check.Errors);

        var money = new M(total, currency);
        var p = r.Plan!;
        var plan = p.Kind?.Trim().ToLowerInvariant() switch
        {
            "equal" => PaymentPlan.EqualParts(money, p.Count ?? 0, p.FirstDueDate ?? r.SignedDate!.Value, p.MonthsApart ?? 1),
            "percentages" => PaymentPlan.Percentages(money, p.Milestones ?? []),
            "schedule" => PaymentPlan.Explicit(money, (p.Installments ?? []).Select(i => (i.DueDate, i.Amount, i.Milestone)).ToList()),
            _ => Result<IReadOnlyList<Installment>>.Fail(new DomainError(ErrorCodes.InvalidEnum, "plan.kind", p.Kind ?? "", "equal, percentages, schedule")),
        };
        if (!plan.IsSuccess) return Result<ContractDto>.Fail(plan.Errors.Select(e => e.Field is null or "total" ? e.AtField("plan") : e.AtField($"plan.{e.Field}")).ToArray());

        var contract = new Contract
        {
            CustomerId = customer!.Id,
            Number = number,
            Title = title,
            SignedDate = r.SignedDate!.Value,
            Total = total,
            Currency = currency.Code,
            Terms = (terms ?? Domain.Terms.PaymentTerms.Parse(customer.DefaultTerms).ValueOrThrow()).ToString(),
            CreatedAt = clock.Now,
            Installments = plan.Value!.Select(i => new ContractInstallment
            {
                Sequence = i.Sequence, DueDate = i.DueDate, Amount = i.Amount.Amount, Milestone = i.Milestone,
            }).ToList(),
        };
        return await db.WriteAsync<ContractDto>(async () =>
        {
            if (await db.Contracts.AnyAsync(c => c.CustomerId == contract.CustomerId && c.Number == number, ct))
                return new DomainError(ErrorCodes.DuplicateNumber, "number", number);
            if (checkCredit && await Credit.CreditGate.RefusalsAsync(db, customer.Code, currency.Code, total, options, clock, ct) is { Count: > 0 } refused)
                return Result<ContractDto>.Fail(refused);
            db.Contracts.Add(contract);
            await db.SaveChangesAsync(ct);
            return (await ContractQueries.LoadAsync(db, contract.Id, ct))!;
        }, ct);
    }
}

public static class ContractQueries
{
    public static async Task<ContractDto?> LoadAsync(ArFlowDbContext db, long id, CancellationToken ct) =>
        (await LoadManyAsync(db, [id], ct)).SingleOrDefault();

    /// <summary>The contracts in the order of <paramref name="ids"/>, in three queries whatever their number.</summary>
    public static async Task<IReadOnlyList<ContractDto>> LoadManyAsync(ArFlowDbContext db, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var contracts = await (from c in db.Contracts.AsNoTracking().Include(x => x.Installments)
                               join k in db.Customers on c.CustomerId equals k.Id
                               where ids.Contains(c.Id)
                               select new { Contract = c, k.Code }).ToDictionaryAsync(x => x.Contract.Id, ct);
        var invoiceIds = contracts.Values.SelectMany(c => c.Contract.Installments).Where(i => i.InvoiceId is not null).Select(i => i.InvoiceId!.Value).ToArray();
        var invoices = await (from d in db.Documents
                              join o in db.OpenItems on d.Id equals o.ItemId
                              where invoiceIds.Contains(d.Id)
                              select new { d.Id, d.Number, o.Open }).ToDictionaryAsync(x => x.Id, ct);
        return ids.Where(contracts.ContainsKey).Select(id =>
        {
            var (c, code) = (contracts[id].Contract, contracts[id].Code);
            return new ContractDto(c.Id, code, c.Number, c.Title, c.SignedDate, c.Total, c.Currency, c.Terms,
                c.Installments.OrderBy(i => i.Sequence).Select(i => new InstallmentDto(i.Sequence, i.DueDate, i.Amount, i.Milestone,
                    i.InvoiceId is { } a ? invoices[a].Number : null, i.InvoiceId is { } b ? invoices[b].Open : null)).ToList());
        }).ToList();
    }
}

/// <summary>Bills one installment of a contract: posts an invoice for its amount, due on the
/// installment's date, and links the two so the plan shows what is paid.</summary>
public static class BillInstallment
{
    public sealed record Request(string? InvoiceNumber, DateOnly? IssueDate = null);

    public static async Task<Result<DocumentDto>> Handle(
        ArFlowDbContext db, long contractId, int sequence, Request r, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        var installment = await db.ContractInstallments.SingleOrDefaultAsync(i => i.ContractId == contractId && i.Sequence == sequence, ct);
        if (installment is null) return new DomainError(ErrorCodes.UnknownDocument, "sequence", sequence);
        if (installment.InvoiceId is not null) return new DomainError(ErrorCodes.DuplicateNumber, "sequence", sequence);
        var contract = await db.Contracts.AsNoTracking().SingleAsync(c => c.Id == contractId, ct);
        var code = await db.Customers.Where(c => c.Id == contract.CustomerId).Select(c => c.Code).SingleAsync(ct);
        var issue = r.IssueDate ?? clock.Today;
        var due = installment.DueDate < issue ? issue : installment.DueDate;
        return await db.WriteAsync<DocumentDto>(async () =>
        {
            var invoice = await IssueInvoice(db, new Invoices.IssueInvoice.Request(code, r.InvoiceNumber, issue, installment.Amount, due, contract.Currency,
                Memo: $"{contract.Number} #{sequence}"), installment.Id, options, clock, ct);
            if (!invoice.IsSuccess) return invoice;
            installment.InvoiceId = invoice.Value!.Id;
            await db.SaveChangesAsync(ct);
            return invoice;
        }, ct);
    }

    private static Task<Result<DocumentDto>> IssueInvoice(
        ArFlowDbContext db, Invoices.IssueInvoice.Request request, long installmentId, ArFlowOptions options, Clock clock, CancellationToken ct) =>
        Invoices.IssueInvoice.Handle(db, request, options, clock, ct, installmentId: installmentId);
}
