using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Customers;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Money;
using ArFlow.Features.Webhooks;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Customers;

/// <summary>Creates a customer, or updates one (customers are master data, not posted documents).</summary>
public static class SaveCustomer
{
    public sealed record Request(
        string? Code, string? Name, string? TaxId = null, string? Owner = null, string? Collector = null,
        string? Grade = null, decimal? CreditLimit = null, string? DefaultTerms = null, string? Currency = null,
        string? Status = null, IReadOnlyList<ContactDto>? Contacts = null);

    public enum Mode { Create, Update, Upsert }

    /// <summary>Checks a request without touching the database; imports call this per row.</summary>
    public static Result<Customer> Prepare(Request r, Currency baseCurrency)
    {
        var check = new Check();
        var code = check.Text("code", r.Code, 64);
        var name = check.Text("name", r.Name, 200);
        var currency = check.Currency("currency", r.Currency, baseCurrency);
        var terms = check.Terms("defaultTerms", r.DefaultTerms);
        if (r.CreditLimit is < 0m) check.Add(ErrorCodes.AmountNotPositive, "creditLimit");
        CustomerGrade? grade = string.IsNullOrWhiteSpace(r.Grade) ? null : check.Choice("grade", r.Grade, CustomerGrade.B);
        var status = check.Choice("status", r.Status, CustomerStatus.Active);
        var contacts = (r.Contacts ?? []).Select((c, i) => new CustomerContact
        {
            Name = check.Text($"contacts[{i}].name", c.Name, 100),
            Email = check.OptionalText($"contacts[{i}].email", c.Email, 200),
            Phone = check.OptionalText($"contacts[{i}].phone", c.Phone, 40),
            Language = c.Language is null ? null : Text.Closest(c.Language).Name,
        }).ToList();
        return check.Result(() => new Customer
        {
            Code = code,
            Name = name,
            TaxId = check.OptionalText("taxId", r.TaxId, 32),
            Owner = check.OptionalText("owner", r.Owner, 100),
            Collector = check.OptionalText("collector", r.Collector, 100),
            Grade = grade,
            CreditLimit = r.CreditLimit,
            DefaultTerms = (terms ?? Domain.Terms.PaymentTerms.Net(30)).ToString(),
            Currency = currency.Code,
            Status = status,
            Contacts = contacts,
        });
    }

    public static async Task<Result<CustomerDto>> Handle(
        ArFlowDbContext db, Request request, Mode mode, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        var prepared = Prepare(request, options.Base);
        if (!prepared.IsSuccess) return Result<CustomerDto>.Fail(prepared.Errors);
        var incoming = prepared.Value!;
        return await db.WriteAsync<CustomerDto>(async () =>
        {
            var existing = await db.Customers.Include(c => c.Contacts).SingleOrDefaultAsync(c => c.Code == incoming.Code, ct);
            if (existing is null && mode == Mode.Update) return new DomainError(ErrorCodes.UnknownCustomer, "code", incoming.Code);
            if (existing is not null && mode == Mode.Create) return new DomainError(ErrorCodes.DuplicateCustomer, "code", incoming.Code);
            if (existing is null)
            {
                incoming.CreatedAt = clock.Now;
                db.Customers.Add(incoming);
                await db.SaveChangesAsync(ct);
                return incoming.ToDto();
            }
            if ((CreditTermsChange(existing, incoming, request) ?? HoldRelease(existing, incoming, request)) is { } needsApproval) return needsApproval;
            var before = existing.Status;
            CopyInto(existing, incoming, request);
            await db.SaveChangesAsync(ct);
            return await AnnounceAsync(db, before, existing, clock, ct);
        }, ct);
    }

    /// <summary>A credit limit or default terms different from the customer's are changed only through
    /// an approval request (POST /api/customers/{code}/credit-terms), never by editing master data.</summary>
    public static DomainError? CreditTermsChange(Customer existing, Customer incoming, Request request)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentNullException.ThrowIfNull(request);
        if (request.CreditLimit is not null && incoming.CreditLimit != existing.CreditLimit)
            return new DomainError(ErrorCodes.CreditTermsNeedApproval, "creditLimit");
        if (request.DefaultTerms is not null && incoming.DefaultTerms != existing.DefaultTerms)
            return new DomainError(ErrorCodes.CreditTermsNeedApproval, "defaultTerms");
        return null;
    }

    /// <summary>Loosening a credit hold (blocked or on hold back towards active) is approved, never
    /// edited (POST /api/customers/{code}/status); tightening one is not held up.</summary>
    public static DomainError? HoldRelease(Customer existing, Customer incoming, Request request)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentNullException.ThrowIfNull(request);
        return request.Status is not null && CreditHold.Loosens(existing.Status, incoming.Status) ? new DomainError(ErrorCodes.CreditHoldNeedsApproval, "status") : null;
    }

    /// <summary>Sets a customer's credit status: a hold tightened, or a release that was approved.</summary>
    public static async Task<Result<CustomerDto>> SetStatusAsync(ArFlowDbContext db, string code, CustomerStatus status, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(code);
        var customer = await db.Customers.Include(c => c.Contacts).SingleOrDefaultAsync(c => c.Code == code.Trim(), ct);
        if (customer is null) return new DomainError(ErrorCodes.UnknownCustomer, "customerCode", code);
        var before = customer.Status;
        customer.Status = status;
        customer.Version++;
        await db.SaveChangesAsync(ct);
        return await AnnounceAsync(db, before, customer, clock, ct);
    }

    /// <summary>Other systems hear when a customer becomes blocked (credit.blocked).</summary>
    public static async Task<CustomerDto> AnnounceAsync(ArFlowDbContext db, CustomerStatus before, Customer customer, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var dto = customer.ToDto();
        if (before != CustomerStatus.Blocked && customer.Status == CustomerStatus.Blocked)
            await WebhookEvents.RaiseAsync(db, WebhookEvents.CreditBlocked, new { customer = dto, previousStatus = Check.Kebab(before.ToString()) }, clock, ct);
        return dto;
    }

    /// <summary>Updates what the request names; a field left out keeps its value.</summary>
    public static void CopyInto(Customer existing, Customer incoming, Request request)
    {
        existing.Name = incoming.Name;
        if (request.TaxId is not null) existing.TaxId = incoming.TaxId;
        if (request.Owner is not null) existing.Owner = incoming.Owner;
        if (request.Collector is not null) existing.Collector = incoming.Collector;
        if (request.Grade is not null) existing.Grade = incoming.Grade;
        if (request.CreditLimit is not null) existing.CreditLimit = incoming.CreditLimit;
        if (request.DefaultTerms is not null) existing.DefaultTerms = incoming.DefaultTerms;
        if (request.Currency is not null) existing.Currency = incoming.Currency;
        if (request.Status is not null) existing.Status = incoming.Status;
        if (request.Contacts is not null)
        {
            // An address refused for good stays marked while it is kept; a new address starts clean.
            foreach (var c in incoming.Contacts)
                if (existing.Contacts.FirstOrDefault(o => o.EmailRefusedAt is not null && string.Equals(o.Email, c.Email, StringComparison.OrdinalIgnoreCase)) is { } was)
                    (c.EmailRefusedAt, c.EmailRefusal) = (was.EmailRefusedAt, was.EmailRefusal);
            existing.Contacts = incoming.Contacts;
        }
        existing.Version++;
    }
}
