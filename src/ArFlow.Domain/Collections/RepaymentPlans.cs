namespace ArFlow.Domain.Collections;

public enum RepaymentPlanStatus { Active, Completed, Broken, Cancelled }

/// <summary>An installment of a repayment plan (分期还款) as the plan keeps it.</summary>
public sealed record PlanInstallment(long Id, DateOnly DueOn, decimal Amount);

/// <summary>Where a repayment plan stands: each installment kept, broken or open, and the plan with them.</summary>
public sealed record PlanStanding(RepaymentPlanStatus Status, IReadOnlyList<PromiseOutcome> Installments);

/// <summary>A repayment plan is a series of promises made on one day: its installments are kept by the
/// customer's receipts from the plan's start, in the order of their dates (<see cref="PromiseKeeping"/>,
/// so one payment never counts twice); the plan is broken the day after an installment's date (plus
/// grace) passes uncovered, and completed when every installment is kept.</summary>
public static class RepaymentPlanKeeping
{
    public static PlanStanding Standing(DateOnly startOn, IReadOnlyList<PlanInstallment> installments, IEnumerable<Payment> payments, DateOnly today, int graceDays = 0)
    {
        ArgumentNullException.ThrowIfNull(installments);
        var outcomes = PromiseKeeping.Settle(installments.Select(i => new Promise(i.Id, i.Amount, startOn, i.DueOn)), payments, today, graceDays);
        var status = outcomes.Any(o => o.Status == PromiseStatus.Broken) ? RepaymentPlanStatus.Broken
            : outcomes.All(o => o.Status == PromiseStatus.Kept) ? RepaymentPlanStatus.Completed
            : RepaymentPlanStatus.Active;
        return new PlanStanding(status, outcomes);
    }
}
