using ArFlow.Data.Entities;

namespace ArFlow.Features.Customers;

public sealed record ContactDto(string Name, string? Email, string? Phone, string? Language);

public sealed record CustomerDto(
    string Code, string Name, string? TaxId, string? Owner, string? Collector, string? Grade,
    decimal? CreditLimit, string DefaultTerms, string Currency, string Status, IReadOnlyList<ContactDto> Contacts);

public static class CustomerMapping
{
    public static CustomerDto ToDto(this Customer c) => new(
        c.Code, c.Name, c.TaxId, c.Owner, c.Collector, c.Grade?.ToString(), c.CreditLimit, c.DefaultTerms, c.Currency,
        Infrastructure.Check.Kebab(c.Status.ToString()),
        c.Contacts.Select(k => new ContactDto(k.Name, k.Email, k.Phone, k.Language)).ToList());
}
