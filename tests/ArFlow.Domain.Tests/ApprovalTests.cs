using ArFlow.Domain.Approvals;
using ArFlow.Domain.Errors;
using FsCheck;
using FsCheck.Fluent;

namespace ArFlow.Domain.Tests;

public class ApprovalTests
{
    private static readonly string[] Managers = ["FinanceManager"];

    private static readonly ApprovalPolicy WriteOffs = new([
        new ApprovalRule("write-off", null, 1, ["ArClerk", "FinanceManager"]),
        new ApprovalRule("write-off", 50_000m, 1, Managers),
        new ApprovalRule("write-off", 500_000m, 2, Managers),
    ]);

    [Theory]
    [InlineData(0.01, 1, "ArClerk")]
    [InlineData(50_000, 1, "ArClerk")]
    [InlineData(50_000.01, 1, "FinanceManager")]
    [InlineData(500_000, 1, "FinanceManager")]
    [InlineData(500_000.01, 2, "FinanceManager")]
    public void Thresholds_AreExclusive_AndTheHighestExceededWins(decimal amount, int approvers, string firstRole)
    {
        var need = WriteOffs.RequirementFor("write-off", amount)!;
        Assert.Equal(approvers, need.Approvers);
        Assert.Equal(firstRole, need.Roles[0]);
    }

    [Fact]
    public void AnActionWithoutRules_NeedsNoApproval() => Assert.Null(WriteOffs.RequirementFor("refund", 10m));

    [Fact]
    public void TheRequester_NeverDecides_TheirOwnRequest()
    {
        var need = new ApprovalRequirement(1, Managers);
        var result = MakerChecker.Decide(need, "li.na", ApprovalStatus.Pending, [], "LI.NA", Managers, approve: true);
        Assert.Equal(ErrorCodes.ApprovalOwnRequest, result.Errors[0].Code);
    }

    [Fact]
    public void TwoApprovers_AreTwoDifferentPeople()
    {
        var need = new ApprovalRequirement(2, Managers);
        var first = MakerChecker.Decide(need, "clerk", ApprovalStatus.Pending, [], "m1", Managers, true);
        Assert.Equal(ApprovalStatus.Pending, first.Value);
        var again = MakerChecker.Decide(need, "clerk", ApprovalStatus.Pending, [new("m1", true)], "m1", Managers, true);
        Assert.Equal(ErrorCodes.ApprovalAlreadyDecided, again.Errors[0].Code);
        var second = MakerChecker.Decide(need, "clerk", ApprovalStatus.Pending, [new("m1", true)], "m2", Managers, true);
        Assert.Equal(ApprovalStatus.Approved, second.Value);
    }

    [Fact]
    public void ARoleWithoutTheRight_CannotDecide_EvenToReject()
    {
        var need = new ApprovalRequirement(1, Managers);
        Assert.Equal(ErrorCodes.ApprovalRoleMissing, MakerChecker.Decide(need, "a", ApprovalStatus.Pending, [], "b", ["ArClerk"], false).Errors[0].Code);
    }

    /// <summary>Any sequence of people saying yes or no: the request is approved only when enough
    /// different people with the role, none of them the requester, said yes and nobody said no.</summary>
    [Fact]
    public void ApprovedOnlyWithEnoughDistinctQualifiedYeses() =>
        Prop.ForAll(
            Gen.Choose(1, 3).ToArbitrary(),
            Gen.Elements("maker", "m1", "m2", "m3", "clerk").Zip(Gen.Elements(true, true, true, false)).ArrayOf().ToArbitrary(),
            (needed, says) =>
            {
                var need = new ApprovalRequirement(needed, Managers);
                var status = ApprovalStatus.Pending;
                var decisions = new List<ApprovalDecision>();
                foreach (var (who, yes) in says)
                {
                    var roles = who == "clerk" ? new[] { "ArClerk" } : Managers;
                    var r = MakerChecker.Decide(need, "maker", status, decisions, who, roles, yes);
                    if (!r.IsSuccess) continue;
                    decisions.Add(new(who, yes));
                    status = r.Value;
                }
                var yeses = decisions.Where(d => d.Approve).Select(d => d.By).Distinct().ToList();
                var expectApproved = decisions.All(d => d.Approve) && yeses.Count >= needed;
                return !decisions.Any(d => d.By is "maker" or "clerk")
                    && (status == ApprovalStatus.Approved) == expectApproved
                    && (status == ApprovalStatus.Rejected) == decisions.Any(d => !d.Approve);
            }).QuickCheckThrowOnFailure();
}
