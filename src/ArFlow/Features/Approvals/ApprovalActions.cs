using System.Text.Json;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Customers;
using ArFlow.Domain.Errors;
using ArFlow.Features.Adjustments;
using ArFlow.Features.Customers;
using ArFlow.Features.Ledger;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Approvals;

/// <summary>What an approval request would change, read before it is made: the state it is based on
/// (compared again on approval), what it would look like after, and the amount the thresholds see.
/// <see cref="Exempt"/>: a change in the safe direction (putting a customer on hold) needs nobody.</summary>
public sealed record Proposal(string Subject, long? CustomerId, long? DocumentId, decimal? BaseAmount, object Before, object After, bool Exempt = false);

/// <summary>Everything an action needs to describe or apply itself; when it is applied, who asked,
/// who approved (nobody when no approval was needed) and the request.</summary>
public sealed record ActionContext(ArFlowDbContext Db, ArFlowOptions Options, Clock Clock, CancellationToken Ct)
{
    public string? RequestedBy { get; init; }
    public IReadOnlyList<string> ApprovedBy { get; init; } = [];
    public long? ApprovalId { get; init; }
}

/// <summary>A kind of change that can wait for approval. <see cref="Describe"/> must not change
/// anything; <see cref="Apply"/> makes the change and returns the document it posted, if any.</summary>
public sealed record ApprovalAction(
    string Name,
    Func<ActionContext, JsonElement, Task<Result<Proposal>>> Describe,
    Func<ActionContext, JsonElement, Task<Result<long?>>> Apply);

public static class ApprovalActions
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public static readonly IReadOnlyDictionary<string, ApprovalAction> All = new[]
    {
        Ledger(ApprovalRules.WriteOff, (c, p) => WriteOff.HandleWriteOff(c.Db, Read<WriteOff.Request>(p), c.Options, c.Clock, c.Ct)),
        Ledger(ApprovalRules.Refund, (c, p) => WriteOff.HandleRefund(c.Db, Read<WriteOff.Request>(p), c.Options, c.Clock, c.Ct)),
        Ledger(ApprovalRules.Reversal, (c, p) =>
        {
            var r = Read<ReversalPayload>(p);
            return ReverseDocument.Handle(c.Db, r.DocumentId, new ReverseDocument.Request(r.Date, r.Memo), c.Options, c.Clock, c.Ct);
        }),
        Ledger(ApprovalRules.Waiver, (c, p) => WriteOff.HandleWaiver(c.Db, Read<WriteOff.Request>(p), c.Options, c.Clock, c.Ct)),
        new ApprovalAction(ApprovalRules.CreditTerms, DescribeCreditTermsAsync, ApplyCreditTermsAsync),
        new ApprovalAction(ApprovalRules.CreditHold, DescribeCreditHoldAsync, ApplyCreditHoldAsync),
        new ApprovalAction(ApprovalRules.Contract, DescribeContractAsync, ApplyContractAsync),
        new ApprovalAction(ApprovalRules.RoleChange, DescribeRoleChangeAsync, ApplyRoleChangeAsync),
        Features.Credit.CreditReviews.Action,
        Features.Credit.CreditOverride.Action,
    }.ToDictionary(a => a.Name);

    public sealed record ReversalPayload(long DocumentId, DateOnly? Date = null, string? Memo = null);

    public sealed record CreditTermsPayload(string CustomerCode, decimal? CreditLimit, string? DefaultTerms);

    public sealed record RoleChangePayload(string UserName, IReadOnlyList<string> Roles);

    public sealed record CreditHoldPayload(string CustomerCode, string? Status);

    public static T Read<T>(JsonElement payload) => payload.Deserialize<T>(Json) ?? throw new JsonException("Empty payload.");

    /// <summary>A posting (write-off, refund, reversal): described by running it and undoing it, so
    /// the request shows exactly what approval will post; based on the items it touches, whose
    /// versions change with any later posting on them.</summary>
    private static ApprovalAction Ledger(string name, Func<ActionContext, JsonElement, Task<Result<DocumentDto>>> post) => new(
        name,
        async (c, payload) =>
        {
            List<ItemState> after = [];
            var dry = await c.Db.DryRunAsync(async () =>
            {
                var posted = await post(c, payload);
                if (posted.IsSuccess) after = await ItemsAsync(c.Db, await TouchedAsync(c.Db, posted.Value!.Id, c.Ct), c.Ct);
                return posted;
            }, c.Ct);
            if (!dry.IsSuccess) return Result<Proposal>.Fail(dry.Errors);
            var doc = dry.Value!;
            var before = await ItemsAsync(c.Db, after.Select(i => i.ItemId), c.Ct);
            var baseAmount = before.Zip(after, (b, a) => Math.Abs(b.Open - a.Open) * b.RateToBase).DefaultIfEmpty(0m).Max();
            var subject = string.Join(", ", before.Select(i => i.Number ?? $"#{i.ItemId}").Distinct());
            var documentId = doc.ReversesId ?? doc.DebitItemId ?? doc.CreditItemId;
            return new Proposal($"{doc.CustomerCode} {subject}", await CustomerIdAsync(c.Db, doc.CustomerCode, c.Ct), documentId, baseAmount,
                new { items = before },
                new { document = doc with { Id = 0 }, items = after.Select(i => new { i.ItemId, i.Number, i.Open }) });
        },
        async (c, payload) =>
        {
            var posted = await post(c, payload);
            return posted.IsSuccess ? posted.Value!.Id : Result<long?>.Fail(posted.Errors);
        });

    public sealed record ItemState(long ItemId, string? Number, string Kind, string Currency, decimal Open, decimal RateToBase, int Version);

    private static async Task<List<ItemState>> ItemsAsync(ArFlowDbContext db, IEnumerable<long> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToArray();
        return await db.OpenItems.AsNoTracking().Where(o => list.Contains(o.ItemId))
            .Join(db.Documents, o => o.ItemId, d => d.Id, (o, d) => new { o, d }).OrderBy(x => x.o.ItemId)
            .Select(x => new ItemState(x.o.ItemId, x.d.Number, x.d.Kind.ToString(), x.o.Currency, x.o.Open, x.o.RateToBase, x.o.Version))
            .ToListAsync(ct);
    }

    private static Task<List<long>> TouchedAsync(ArFlowDbContext db, long documentId, CancellationToken ct) =>
        db.LedgerEntries.AsNoTracking().Where(e => e.DocumentId == documentId).Select(e => e.ItemId).Distinct().ToListAsync(ct);

    private static Task<long> CustomerIdAsync(ArFlowDbContext db, string code, CancellationToken ct) =>
        db.Customers.Where(x => x.Code == code).Select(x => x.Id).SingleAsync(ct);

    private static async Task<Result<Proposal>> DescribeCreditTermsAsync(ActionContext c, JsonElement payload)
    {
        var p = Read<CreditTermsPayload>(payload);
        var customer = string.IsNullOrWhiteSpace(p.CustomerCode) ? null
            : await c.Db.Customers.AsNoTracking().SingleOrDefaultAsync(x => x.Code == p.CustomerCode.Trim(), c.Ct);
        if (customer is null) return new DomainError(ErrorCodes.UnknownCustomer, "customerCode", p.CustomerCode ?? "");
        var check = new Check();
        if (p.CreditLimit is < 0m) check.Add(ErrorCodes.AmountNotPositive, "creditLimit");
        var terms = p.DefaultTerms is null ? null : check.Terms("defaultTerms", p.DefaultTerms);
        if (p.CreditLimit is null && p.DefaultTerms is null) check.Add(ErrorCodes.Required, "creditLimit");
        var errors = check.Errors;
        if (errors.Count > 0) return Result<Proposal>.Fail(errors);
        var limit = p.CreditLimit ?? customer.CreditLimit;
        var rate = await c.Db.RateAsync(customer.Currency, c.Clock.Today, c.Options.Base, c.Ct);
        // The threshold sees the increase of the limit in the base currency: lowering a limit is cheap.
        var increase = Math.Max(0m, (limit ?? 0m) - (customer.CreditLimit ?? 0m)) * (rate.IsSuccess ? rate.Value : 1m);
        return new Proposal($"{customer.Code} {customer.Name}", customer.Id, null, increase,
            new { customer.CreditLimit, customer.DefaultTerms, customer.Version },
            new { CreditLimit = limit, DefaultTerms = terms?.ToString() ?? customer.DefaultTerms, customer.Currency });
    }

    private static async Task<Result<long?>> ApplyCreditTermsAsync(ActionContext c, JsonElement payload)
    {
        var p = Read<CreditTermsPayload>(payload);
        var customer = await c.Db.Customers.SingleAsync(x => x.Code == p.CustomerCode.Trim(), c.Ct);
        if (p.CreditLimit is not null) customer.CreditLimit = p.CreditLimit;
        if (p.DefaultTerms is not null) customer.DefaultTerms = new Check().Terms("defaultTerms", p.DefaultTerms)!.ToString()!;
        customer.Version++;
        await c.Db.SaveChangesAsync(c.Ct);
        return (long?)null;
    }

    private static async Task<Result<Proposal>> DescribeRoleChangeAsync(ActionContext c, JsonElement payload)
    {
        var p = Read<RoleChangePayload>(payload);
        var user = string.IsNullOrWhiteSpace(p.UserName) ? null : await c.Db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.UserName == p.UserName.Trim(), c.Ct);
        if (user is null) return new DomainError(ErrorCodes.UnknownUser, "userName", p.UserName ?? "");
        var wanted = new List<string>();
        foreach (var name in p.Roles ?? [])
            if (Roles.Find(name) is { } role) wanted.Add(role);
            else return new DomainError(ErrorCodes.InvalidEnum, "roles", name, string.Join(", ", Roles.All));
        var current = await RolesOfAsync(c.Db, user.Id, c.Ct);
        return new Proposal(user.UserName!, null, null, null,
            new { user = user.UserName, roles = current },
            new { user = user.UserName, roles = wanted.Distinct().Order(StringComparer.Ordinal).ToList() });
    }

    private static async Task<Result<long?>> ApplyRoleChangeAsync(ActionContext c, JsonElement payload)
    {
        var p = Read<RoleChangePayload>(payload);
        var user = await c.Db.Users.SingleAsync(u => u.UserName == p.UserName.Trim(), c.Ct);
        var wanted = p.Roles.Select(r => Roles.Find(r)!).Distinct().ToList();
        var roles = await c.Db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Name!, r => r.Id, c.Ct);
        var links = await c.Db.UserRoles.Where(l => l.UserId == user.Id).ToListAsync(c.Ct);
        c.Db.UserRoles.RemoveRange(links.Where(l => !wanted.Any(w => roles[w] == l.RoleId)));
        foreach (var w in wanted.Where(w => links.All(l => l.RoleId != roles[w])))
            c.Db.UserRoles.Add(new IdentityUserRole<long> { UserId = user.Id, RoleId = roles[w] });
        // A new stamp ends the person's sessions at their next check, so the old roles stop at once.
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        await c.Db.SaveChangesAsync(c.Ct);
        return (long?)null;
    }

    private static Task<List<string>> RolesOfAsync(ArFlowDbContext db, long userId, CancellationToken ct) =>
        db.UserRoles.Where(l => l.UserId == userId).Join(db.Roles, l => l.RoleId, r => r.Id, (l, r) => r.Name!)
            .OrderBy(n => n).ToListAsync(ct);

    private static async Task<Result<Proposal>> DescribeCreditHoldAsync(ActionContext c, JsonElement payload)
    {
        var p = Read<CreditHoldPayload>(payload);
        var customer = string.IsNullOrWhiteSpace(p.CustomerCode) ? null
            : await c.Db.Customers.AsNoTracking().SingleOrDefaultAsync(x => x.Code == p.CustomerCode.Trim(), c.Ct);
        if (customer is null) return new DomainError(ErrorCodes.UnknownCustomer, "customerCode", p.CustomerCode ?? "");
        var check = new Check();
        var status = check.Choice("status", p.Status, customer.Status);
        if (!check.Ok) return Result<Proposal>.Fail(check.Errors);
        // Active < on hold < blocked: a stricter hold is always allowed at once; loosening one is approved.
        return new Proposal($"{customer.Code} {customer.Name}", customer.Id, null, null,
            new { Status = Check.Kebab(customer.Status.ToString()), customer.Version },
            new { Status = Check.Kebab(status.ToString()) },
            Exempt: !CreditHold.Loosens(customer.Status, status));
    }

    private static async Task<Result<long?>> ApplyCreditHoldAsync(ActionContext c, JsonElement payload)
    {
        var p = Read<CreditHoldPayload>(payload);
        var result = await SaveCustomer.SetStatusAsync(c.Db, p.CustomerCode, new Check().Choice("status", p.Status, CustomerStatus.Active), c.Clock, c.Ct);
        return result.IsSuccess ? (long?)null : Result<long?>.Fail(result.Errors);
    }

    /// <summary>A contract: described by creating it and rolling it back; based on its number being free.</summary>
    private static async Task<Result<Proposal>> DescribeContractAsync(ActionContext c, JsonElement payload)
    {
        var request = Read<Contracts.CreateContract.Request>(payload);
        var dry = await c.Db.DryRunAsync(() => Contracts.CreateContract.Handle(c.Db, request, c.Options, c.Clock, c.Ct, checkCredit: true), c.Ct);
        if (!dry.IsSuccess) return Result<Proposal>.Fail(dry.Errors);
        var k = dry.Value!;
        var rate = await c.Db.RateAsync(k.Currency, k.SignedDate, c.Options.Base, c.Ct);
        return new Proposal($"{k.CustomerCode} {k.Number}", await CustomerIdAsync(c.Db, k.CustomerCode, c.Ct), null, k.Total * (rate.IsSuccess ? rate.Value : 1m),
            new { contract = k.Number, taken = false },
            new { contract = k.Number, k.Title, k.Currency, k.Total, k.SignedDate, installments = k.Installments.Select(i => new { i.Sequence, i.DueDate, i.Amount, i.Milestone }) });
    }

    private static async Task<Result<long?>> ApplyContractAsync(ActionContext c, JsonElement payload)
    {
        var made = await Contracts.CreateContract.Handle(c.Db, Read<Contracts.CreateContract.Request>(payload), c.Options, c.Clock, c.Ct, checkCredit: true);
        return made.IsSuccess ? (long?)null : Result<long?>.Fail(made.Errors);
    }
}
