using ArFlow.Domain.Errors;

namespace ArFlow.Domain.Approvals;

/// <summary>When a kind of change needs approval: for amounts above <see cref="Above"/> (in the base
/// currency; null = every amount, and the only choice for changes without an amount), by
/// <see cref="Approvers"/> different people who each hold one of <see cref="Roles"/>.</summary>
public sealed record ApprovalRule(string Action, decimal? Above, int Approvers, IReadOnlyList<string> Roles);

/// <summary>What a request must collect before it may change anything.</summary>
public sealed record ApprovalRequirement(int Approvers, IReadOnlyList<string> Roles);

/// <summary>The configured thresholds. The rule with the highest threshold the amount exceeds wins,
/// so "above ¥50,000 the finance manager, above ¥500,000 two of them" is two rules.</summary>
public sealed class ApprovalPolicy(IEnumerable<ApprovalRule> rules)
{
    private readonly IReadOnlyList<ApprovalRule> _rules = [.. rules];

    public IReadOnlyList<ApprovalRule> Rules => _rules;

    /// <summary>What a change of <paramref name="action"/> for <paramref name="amount"/> needs;
    /// null when no rule asks for approval and the change may be made at once.</summary>
    public ApprovalRequirement? RequirementFor(string action, decimal? amount) =>
        _rules.Where(r => r.Action == action && (r.Above is null || (amount is { } a && a > r.Above)))
            .OrderByDescending(r => r.Above ?? decimal.MinValue)
            .Select(r => new ApprovalRequirement(r.Approvers, r.Roles))
            .FirstOrDefault();
}

public enum ApprovalStatus { Pending, Approved, Rejected, Cancelled, Stale }

public sealed record ApprovalDecision(string By, bool Approve);

/// <summary>The maker-checker rule: the requester never decides their own request, each approver
/// counts once, any rejection ends the request, and it is approved only when enough different
/// people with a required role have said yes.</summary>
public static class MakerChecker
{
    public static Result<ApprovalStatus> Decide(
        ApprovalRequirement requirement, string requester, ApprovalStatus status, IReadOnlyList<ApprovalDecision> earlier,
        string decider, IReadOnlyCollection<string> deciderRoles, bool approve)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(deciderRoles);
        if (status != ApprovalStatus.Pending) return new DomainError(ErrorCodes.ApprovalNotPending);
        if (string.Equals(decider, requester, StringComparison.OrdinalIgnoreCase)) return new DomainError(ErrorCodes.ApprovalOwnRequest);
        if (!requirement.Roles.Any(deciderRoles.Contains)) return new DomainError(ErrorCodes.ApprovalRoleMissing, null, string.Join(", ", requirement.Roles));
        if (earlier.Any(d => string.Equals(d.By, decider, StringComparison.OrdinalIgnoreCase))) return new DomainError(ErrorCodes.ApprovalAlreadyDecided);
        if (!approve) return ApprovalStatus.Rejected;
        var yes = earlier.Count(d => d.Approve) + 1;
        return yes >= requirement.Approvers ? ApprovalStatus.Approved : ApprovalStatus.Pending;
    }

    /// <summary>Whether <paramref name="person"/> could decide the request now: for inboxes.</summary>
    public static bool CanDecide(ApprovalRequirement requirement, string requester, ApprovalStatus status,
        IReadOnlyList<ApprovalDecision> earlier, string person, IReadOnlyCollection<string> roles) =>
        Decide(requirement, requester, status, earlier, person, roles, approve: true).IsSuccess;
}
