using ArFlow.Domain.Approvals;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;

namespace ArFlow.Features.Approvals;

/// <summary>The kinds of change that go through approval, and who approves them unless the
/// configuration says otherwise.</summary>
public static class ApprovalRules
{
    public const string WriteOff = "write-off";
    public const string Refund = "refund";
    public const string Reversal = "reversal";
    public const string CreditTerms = "credit-terms";
    public const string RoleChange = "role-change";
    public const string Waiver = "waiver";
    public const string CreditHold = "credit-hold";
    public const string Contract = "contract";
    public const string CreditReview = "credit-review";
    public const string CreditOverride = "credit-override";

    /// <summary>Write-offs and interest or fee waivers: another AR clerk or a finance manager; above
    /// ¥50,000 a finance manager; write-offs above ¥500,000 two of them. Refunds, reversals, credit
    /// terms, credit reviews, credit overrides and releasing a credit hold: a finance manager. Contracts above ¥1,000,000: a finance
    /// manager (smaller ones need nobody). Role changes: another admin. Admins do not approve money:
    /// that is the finance side's duty.</summary>
    public static readonly IReadOnlyList<ApprovalRule> Defaults =
    [
        new(WriteOff, null, 1, [Roles.ArClerk, Roles.FinanceManager]),
        new(WriteOff, 50_000m, 1, [Roles.FinanceManager]),
        new(WriteOff, 500_000m, 2, [Roles.FinanceManager]),
        new(Refund, null, 1, [Roles.FinanceManager]),
        new(Reversal, null, 1, [Roles.FinanceManager]),
        new(CreditTerms, null, 1, [Roles.FinanceManager]),
        new(RoleChange, null, 1, [Roles.Admin]),
        new(Waiver, null, 1, [Roles.ArClerk, Roles.FinanceManager]),
        new(Waiver, 50_000m, 1, [Roles.FinanceManager]),
        new(CreditHold, null, 1, [Roles.FinanceManager]),
        new(Contract, 1_000_000m, 1, [Roles.FinanceManager]),
        new(CreditReview, null, 1, [Roles.FinanceManager]),
        new(CreditOverride, null, 1, [Roles.FinanceManager]),
    ];

    public static ApprovalPolicy Policy(ArFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ApprovalRules.Count == 0) return new ApprovalPolicy(Defaults);
        return new ApprovalPolicy(options.ApprovalRules.Select(r => new ApprovalRule(
            r.Action.Trim(), r.Above, Math.Max(1, r.Approvers),
            r.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(name => Roles.Find(name) ?? throw new InvalidOperationException($"ArFlow:ApprovalRules: unknown role '{name}'.")).ToArray())));
    }
}
