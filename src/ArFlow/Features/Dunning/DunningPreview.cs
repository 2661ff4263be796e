using ArFlow.Data;
using ArFlow.Domain.Collections;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Dunning;

public sealed record PreviewMessage(string Subject, string Body);

/// <summary>One step of the preview: the day it comes for the sample invoice, whether a later step
/// on the same day takes its place, where it would go (null: it becomes a task) and its words in
/// each language.</summary>
public sealed record PreviewStep(
    int Offset, DateOnly Date, int DaysOverdue, bool Superseded, string Channel, string Actor, bool AttachLetter, bool ChargeInterest,
    string? Target, IReadOnlyDictionary<string, PreviewMessage> Messages);

public sealed record PreviewInvoice(string Number, DateOnly DocumentDate, DateOnly DueDate, decimal Amount, string Currency);

/// <summary>A policy played out for one invoice of one customer, before the policy is saved.</summary>
public sealed record PolicyPreview(string Policy, string? CustomerCode, string CustomerName, PreviewInvoice Invoice, IReadOnlyList<PreviewStep> Steps);

/// <summary>Plays a policy (saved or as being edited) out over a sample invoice: the day of each
/// step on the working-day calendar and every template rendered with a real customer's data.</summary>
public static class DunningPreview
{
    /// <summary><see cref="Policies"/> null: the saved ones. <see cref="Customer"/> null: the first
    /// customer with something open, or a made-up one in an empty book. <see cref="Invoice"/> null:
    /// the customer's oldest open invoice. <see cref="DueDate"/> moves the invoice's due date.</summary>
    public sealed record Request(DunningPolicies? Policies, string? Policy, string? Customer = null, string? Invoice = null, DateOnly? DueDate = null);

    private sealed record OpenRow(string Number, DateOnly DocumentDate, DateOnly DueDate, decimal Open, string Currency);

    public static async Task<Result<PolicyPreview>> PreviewAsync(ArFlowDbContext db, Request r, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        var (saved, calendar) = await DunningSettings.LoadAsync(db, ct);
        var policies = r.Policies ?? saved;
        IReadOnlyList<DomainError> problems = [.. policies.Problems(), .. DunningTemplates.Problems(policies)];
        if (problems.Count > 0) return Result<PolicyPreview>.Fail(problems);
        var policy = policies.Find(r.Policy ?? policies.Default);
        if (policy is null) return new DomainError(ErrorCodes.UnknownPolicy, "policy", r.Policy ?? "");

        var code = r.Customer?.Trim();
        if (string.IsNullOrEmpty(code))
            code = await (from o in db.OpenItems join c in db.Customers on o.CustomerId equals c.Id
                          where o.Side == ItemSide.Debit && o.Open > 0m orderby c.Code select c.Code).FirstOrDefaultAsync(ct);
        var customer = code is null ? null : await db.Customers.AsNoTracking().Include(c => c.Contacts).SingleOrDefaultAsync(c => c.Code == code, ct);
        if (customer is null && !string.IsNullOrEmpty(r.Customer)) return new DomainError(ErrorCodes.UnknownCustomer, "customer", r.Customer);

        var open = customer is null ? [] : await (
            from o in db.OpenItems join d in db.Documents on o.ItemId equals d.Id
            where o.CustomerId == customer.Id && o.Side == ItemSide.Debit && o.Open > 0m
            orderby o.DueDate, o.ItemId
            select new OpenRow(d.Number ?? "", d.DocumentDate, o.DueDate, o.Open, o.Currency)).AsNoTracking().ToListAsync(ct);
        var invoice = string.IsNullOrWhiteSpace(r.Invoice) ? open.FirstOrDefault() : open.FirstOrDefault(o => o.Number == r.Invoice.Trim());
        if (invoice is null && !string.IsNullOrWhiteSpace(r.Invoice)) return new DomainError(ErrorCodes.UnknownDocument, "invoice", r.Invoice);
        invoice ??= new OpenRow("INV-SAMPLE-0001", clock.Today.AddDays(-30), clock.Today, 10_000m, "CNY");
        if (r.DueDate is { } due) invoice = invoice with { DueDate = due };

        var contacts = customer?.Contacts.Select(c => new DunningRun.ContactRow(c.Id, c.CustomerId, c.Email, c.Phone, c.Language, c.EmailRefusedAt != null)).ToList() ?? [];
        var name = customer?.Name ?? Text.Ui("dunning.sample-customer");
        var steps = policy.Timeline(invoice.DueDate, calendar).Select(t =>
        {
            var (row, reason) = DunningRun.Recipient(contacts, t.Step.Channel);
            var contact = customer?.Contacts.FirstOrDefault(c => c.Id == row?.Id);
            var target = !t.Step.IsMessage || reason is not null ? null : t.Step.Channel == DunningChannel.Sms ? contact?.Phone : contact?.Email;
            var lines = new[] { new TemplateInvoice(invoice.Number, invoice.DocumentDate, invoice.DueDate, invoice.Open, invoice.Open, invoice.Currency, t.Date) };
            var messages = new[] { DunningPolicies.Chinese, DunningPolicies.English }.ToDictionary(language => language, language =>
            {
                var data = new TemplateData(customer?.Code ?? "SAMPLE", name, customer?.Collector, customer?.Owner, contact?.Name, contact?.Email, contact?.Phone,
                    lines, options.Dunning.CompanyName, options.Dunning.PaymentInstructions.GetValueOrDefault(language), null, t.Date, t.Step.Offset);
                var (subject, body) = DunningTemplates.Render(t.Step.TemplateFor(language), data);
                return new PreviewMessage(subject, body);
            });
            return new PreviewStep(t.Step.Offset, t.Date, t.Date.DayNumber - invoice.DueDate.DayNumber, t.Superseded, Check.Kebab(t.Step.Channel.ToString()),
                Check.Kebab(t.Step.Actor.ToString()), t.Step.AttachLetter, t.Step.ChargeInterest, target, messages);
        }).ToList();
        return new PolicyPreview(policy.Code, customer?.Code, name,
            new PreviewInvoice(invoice.Number, invoice.DocumentDate, invoice.DueDate, invoice.Open, invoice.Currency), steps);
    }
}
