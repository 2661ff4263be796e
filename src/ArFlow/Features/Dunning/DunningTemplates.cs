using System.Globalization;
using ArFlow.Domain.Collections;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;

namespace ArFlow.Features.Dunning;

/// <summary>The data a reminder template sees (documented in docs/dunning.md). Amounts are text,
/// formatted once here (12,345.00), dates ISO (2026-07-01), so a template cannot format them wrongly.</summary>
public sealed record TemplateData(
    string CustomerCode, string CustomerName, string? Collector, string? Owner,
    string? ContactName, string? ContactEmail, string? ContactPhone,
    IReadOnlyList<TemplateInvoice> Invoices, string CompanyName, string? PaymentInstructions, string? PortalLink, DateOnly Today, int StepOffset);

public sealed record TemplateInvoice(string Number, DateOnly DocumentDate, DateOnly DueDate, decimal Original, decimal Amount, string Currency, DateOnly Today);

/// <summary>Reminder templates (<see cref="Liquid"/>) and the values they see.</summary>
public static class DunningTemplates
{
    /// <summary>Each template of every step checked by the parser: the field and the parser's message.</summary>
    public static IReadOnlyList<DomainError> Problems(DunningPolicies policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var problems = new List<DomainError>();
        // Missing parts are the domain's to name; only the templates that are there are parsed.
        for (var i = 0; i < (policies.Policies?.Count ?? 0); i++)
            for (var j = 0; j < (policies.Policies![i]?.Steps?.Count ?? 0); j++)
                foreach (var (language, t) in policies.Policies[i].Steps[j]?.Templates ?? new Dictionary<string, MessageTemplate>())
                {
                    if (t is null) continue;
                    var at = $"policies[{i}].steps[{j}].templates.{language}";
                    if (Liquid.ParseError(t.Subject ?? "") is { } subject) problems.Add(new DomainError(ErrorCodes.InvalidTemplate, at + ".subject", subject));
                    if (Liquid.ParseError(t.Body ?? "") is { } body) problems.Add(new DomainError(ErrorCodes.InvalidTemplate, at + ".body", body));
                }
        return problems;
    }

    public static (string Subject, string Body) Render(MessageTemplate template, TemplateData data)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(data);
        var values = Values(data);
        return (Liquid.Render(template.Subject, values).Trim(), Liquid.Render(template.Body, values));
    }

    private static string Amount(decimal amount) => amount.ToString("#,0.00", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Dictionary<string, object?> Values(TemplateData d)
    {
        var totals = d.Invoices.GroupBy(i => i.Currency).Select(g => (Currency: g.Key, Amount: g.Sum(i => i.Amount))).OrderByDescending(t => t.Amount).ToList();
        return new Dictionary<string, object?>
        {
            ["customer"] = new Dictionary<string, object?> { ["code"] = d.CustomerCode, ["name"] = d.CustomerName, ["collector"] = d.Collector, ["owner"] = d.Owner },
            ["contact"] = new Dictionary<string, object?> { ["name"] = d.ContactName ?? d.CustomerName, ["email"] = d.ContactEmail, ["phone"] = d.ContactPhone },
            ["invoices"] = d.Invoices.Select(i => new Dictionary<string, object?>
            {
                ["number"] = i.Number, ["document_date"] = Day(i.DocumentDate), ["due_date"] = Day(i.DueDate),
                ["days_overdue"] = i.Today.DayNumber - i.DueDate.DayNumber, ["original"] = Amount(i.Original), ["open"] = Amount(i.Amount), ["currency"] = i.Currency,
            }).ToList(),
            ["total"] = totals.Count > 0 ? Amount(totals[0].Amount) : Amount(0m),
            ["currency"] = totals.Count > 0 ? totals[0].Currency : null,
            ["totals"] = totals.Select(t => new Dictionary<string, object?> { ["amount"] = Amount(t.Amount), ["currency"] = t.Currency }).ToList(),
            ["company"] = new Dictionary<string, object?> { ["name"] = d.CompanyName },
            ["payment_instructions"] = d.PaymentInstructions,
            ["portal_link"] = d.PortalLink,
            ["today"] = Day(d.Today),
            ["step"] = new Dictionary<string, object?> { ["offset"] = d.StepOffset },
        };
    }
}
