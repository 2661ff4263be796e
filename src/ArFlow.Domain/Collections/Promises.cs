namespace ArFlow.Domain.Collections;

public enum PromiseStatus { Open, Kept, Broken, Cancelled }

/// <summary>A promise to pay (承诺付款): an amount by a date, recorded on a day.</summary>
public sealed record Promise(long Id, decimal Amount, DateOnly RecordedOn, DateOnly PromisedFor);

/// <summary>Money received from the customer on a day (its receipts in the promise's currency).</summary>
public sealed record Payment(DateOnly Date, decimal Amount);

/// <summary>What became of a promise: kept on the day the money covering it arrived, broken the day
/// after its date (plus grace) with it not covered, or still open.</summary>
public sealed record PromiseOutcome(long Id, PromiseStatus Status, DateOnly? On, decimal Covered);

/// <summary>Keeps promises against payments: promises in the order of their dates take the money
/// received from their recording day up to their date (plus grace days), oldest payment first, so
/// one payment never keeps two promises.</summary>
public static class PromiseKeeping
{
    public static IReadOnlyList<PromiseOutcome> Settle(IEnumerable<Promise> promises, IEnumerable<Payment> payments, DateOnly today, int graceDays = 0)
    {
        ArgumentNullException.ThrowIfNull(promises);
        ArgumentNullException.ThrowIfNull(payments);
        var left = payments.Where(p => p.Amount > 0m).OrderBy(p => p.Date).Select(p => (p.Date, Amount: p.Amount)).ToList();
        var outcomes = new List<PromiseOutcome>();
        foreach (var promise in promises.OrderBy(p => p.PromisedFor).ThenBy(p => p.Id))
        {
            var deadline = promise.PromisedFor.AddDays(graceDays);
            var covered = 0m;
            DateOnly? keptOn = null;
            for (var i = 0; i < left.Count && covered < promise.Amount; i++)
            {
                var (date, amount) = left[i];
                if (date < promise.RecordedOn || date > deadline || date > today || amount == 0m) continue;
                var take = Math.Min(amount, promise.Amount - covered);
                covered += take;
                left[i] = (date, amount - take);
                if (covered == promise.Amount) keptOn = date;
            }
            outcomes.Add(keptOn is { } kept ? new PromiseOutcome(promise.Id, PromiseStatus.Kept, kept, covered)
                : today > deadline ? new PromiseOutcome(promise.Id, PromiseStatus.Broken, deadline.AddDays(1), covered)
                : new PromiseOutcome(promise.Id, PromiseStatus.Open, null, covered));
        }
        return outcomes;
    }
}

public enum DisputeReason { Price, Quantity, Quality, Delivery, Duplicate, Other }

public enum DisputeStatus { Open, Resolved }

/// <summary>How a dispute ended: a credit note for it, rejected (the customer owes it all), or partly each.</summary>
public enum DisputeResolution { CreditNote, Rejected, Partial }

/// <summary>What was done to collect: a call, an email or SMS written by hand, a visit, a letter, a note.</summary>
public enum ActivityKind { Call, Email, Sms, Visit, Letter, Note }

/// <summary>How a call went.</summary>
public enum CallOutcome { Reached, NoAnswer, WrongNumber, Promised, Disputed, Refused, CallBack }
