using System.Security.Claims;
using ArFlow.Data;

namespace ArFlow.Infrastructure.Access;

/// <summary>The roles of ArFlow. A sales person and a collector see only their own customers;
/// everyone else sees all of them. The auditor only reads.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string FinanceManager = "FinanceManager";
    public const string ArClerk = "ArClerk";
    public const string Collector = "Collector";
    public const string Sales = "Sales";
    public const string Legal = "Legal";
    public const string Auditor = "Auditor";

    public static readonly string[] All = [Admin, FinanceManager, ArClerk, Collector, Sales, Legal, Auditor];

    /// <summary>The role with that name in any case, or from its short form on the command line
    /// (admin, finance-manager, ar-clerk…); null when there is none.</summary>
    public static string? Find(string name)
    {
        var plain = name.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        return All.FirstOrDefault(r => string.Equals(r, plain, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Scoped only when every role the person has is a scoped one: an AR clerk who also
    /// sells still sees all customers.</summary>
    public static CustomerScope ScopeOf(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return CustomerScope.All;
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        if (roles.Count == 0 || roles.Any(r => r is not (Sales or Collector))) return CustomerScope.All;
        var name = user.Identity.Name ?? "";
        return new CustomerScope(roles.Contains(Sales) ? name : null, roles.Contains(Collector) ? name : null);
    }
}

/// <summary>What a role may do; endpoints and pages name one of these, never a role.</summary>
public static class Policies
{
    /// <summary>See receivables (within the person's scope).</summary>
    public const string Read = "read";
    /// <summary>Post invoices, receipts, credit notes, allocations; import.</summary>
    public const string Post = "post";
    /// <summary>Ask for write-offs, refunds and reversals (changes to what is already posted); the
    /// approval rules decide who must approve them.</summary>
    public const string Adjust = "adjust";
    /// <summary>Create and change customers and contracts.</summary>
    public const string MasterData = "master-data";
    /// <summary>Exchange rates and other settings.</summary>
    public const string Settings = "settings";
    /// <summary>Accounts, roles and API keys.</summary>
    public const string Users = "users";
    /// <summary>Search and export the audit trail, verify its chain.</summary>
    public const string Audit = "audit";
    /// <summary>Decide approval requests (the approval rules then say whose say counts) and add
    /// files to one's own; a separate area so that an API key can be kept from it.</summary>
    public const string Approve = "approve";
    /// <summary>Work the follow-up of customers: take, acknowledge and close credit alerts. Everyone
    /// but the auditor, who only reads.</summary>
    public const string FollowUp = "follow-up";

    public static readonly IReadOnlyDictionary<string, string[]> RolesOf = new Dictionary<string, string[]>
    {
        [Read] = Roles.All,
        [Post] = [Roles.Admin, Roles.FinanceManager, Roles.ArClerk],
        [Adjust] = [Roles.Admin, Roles.FinanceManager, Roles.ArClerk],
        [MasterData] = [Roles.Admin, Roles.FinanceManager, Roles.ArClerk],
        [Settings] = [Roles.Admin, Roles.FinanceManager],
        [Users] = [Roles.Admin],
        [Audit] = [Roles.Auditor, Roles.Admin],
        [Approve] = Roles.All,
        [FollowUp] = [Roles.Admin, Roles.FinanceManager, Roles.ArClerk, Roles.Collector, Roles.Sales, Roles.Legal],
    };
}
