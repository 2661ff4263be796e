using ArFlow.Domain.Errors;

namespace ArFlow.Domain.Collections;

/// <summary>How a dunning step reaches the customer (or the people who chase it).</summary>
public enum DunningChannel { Email, Sms, CallTask, VisitTask, Letter, Escalation, Legal }

/// <summary>Who acts on a step: the system sends it; a collector or a manager gets a task.</summary>
public enum DunningActor { System, Collector, Manager }

/// <summary>A message in one language: Liquid-style text (rendered by a sandboxed engine; see docs/dunning.md).
/// SMS and tasks use the body alone.</summary>
public sealed record MessageTemplate(string Subject, string Body);

/// <summary>One step of a dunning policy: <see cref="Offset"/> days after the due date (negative:
/// before it), moved to the next working day when that is a holiday or a weekend. <see cref="AttachLetter"/>:
/// an email carries the formal letter; <see cref="ChargeInterest"/>: the late interest accrued on each of
/// its invoices is charged as a document (once per invoice and step) when the interest policy is on.</summary>
public sealed record DunningStep(
    int Offset, DunningChannel Channel, DunningActor Actor, IReadOnlyDictionary<string, MessageTemplate> Templates, bool AttachLetter = false,
    bool ChargeInterest = false)
{
    public bool IsMessage => Channel is DunningChannel.Email or DunningChannel.Sms;

    /// <summary>The template in the language asked for, else Chinese, else any.</summary>
    public MessageTemplate TemplateFor(string language) =>
        Templates.TryGetValue(language, out var t) ? t : Templates.TryGetValue(DunningPolicies.Chinese, out var zh) ? zh : Templates.Values.First();
}

/// <summary>A dunning policy (催收策略): its steps in the order of their offsets.</summary>
public sealed record DunningPolicy(string Code, string Name, IReadOnlyList<DunningStep> Steps)
{
    /// <summary>The day a step falls on for an item due on <paramref name="dueDate"/>.</summary>
    public static DateOnly StepDate(DateOnly dueDate, int offset, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.OnOrAfter(dueDate.AddDays(offset));
    }

    /// <summary>When each step comes for an item due on <paramref name="dueDate"/> that is never paid:
    /// its day, and whether a later step falls on the same day and is taken instead (two steps moved
    /// onto one working day by a holiday send one reminder, not two).</summary>
    public IReadOnlyList<TimelineStep> Timeline(DateOnly dueDate, BusinessCalendar calendar)
    {
        var days = Steps.Select(s => StepDate(dueDate, s.Offset, calendar)).ToList();
        return Steps.Select((s, i) => new TimelineStep(s, days[i], i + 1 < days.Count && days[i + 1] <= days[i])).ToList();
    }

    /// <summary>The step an item is due for today: the latest step whose day has come and that is later
    /// than the last step done for the item (<paramref name="lastOffset"/>; null when none). After
    /// downtime this is the latest due step alone, never the ones missed before it.</summary>
    public DunningStep? DueStep(DateOnly dueDate, int? lastOffset, DateOnly today, BusinessCalendar calendar)
    {
        DunningStep? due = null;
        foreach (var step in Steps)
        {
            if (lastOffset is { } last && step.Offset <= last) continue;
            if (StepDate(dueDate, step.Offset, calendar) > today) break;
            due = step;
        }
        return due;
    }
}

/// <summary>A step of a policy's timeline: the day it comes, or <see cref="Superseded"/> by a later step on that day.</summary>
public sealed record TimelineStep(DunningStep Step, DateOnly Date, bool Superseded);

/// <summary>Every dunning policy, which grade follows which, and the one for customers without a grade.</summary>
public sealed record DunningPolicies(IReadOnlyList<DunningPolicy> Policies, IReadOnlyDictionary<string, string> ByGrade, string Default)
{
    public const string Chinese = "zh-CN";
    public const string English = "en-US";
    public const int MaxOffset = 3650;

    /// <summary>The policy a customer follows: its own when set, else its grade's, else the default.</summary>
    public DunningPolicy For(string? customerPolicy, string? grade)
    {
        var code = customerPolicy ?? (grade is not null && ByGrade.TryGetValue(grade, out var g) ? g : Default);
        return Policies.FirstOrDefault(p => p.Code == code) ?? Policies.First(p => p.Code == Default);
    }

    public DunningPolicy? Find(string code) => Policies.FirstOrDefault(p => p.Code == code);

    /// <summary>Codes unique and present; steps in increasing offsets within ±10 years, each with a Chinese and an English template.</summary>
    public IReadOnlyList<DomainError> Problems()
    {
        var problems = new List<DomainError>();
        // What arrives as JSON may leave out any part: each missing one is named, and the rest is not looked at.
        if (Policies is null || Policies.Count == 0 || Policies.Any(p => p is null)) problems.Add(new DomainError(ErrorCodes.Required, "policies"));
        if (ByGrade is null) problems.Add(new DomainError(ErrorCodes.Required, "byGrade"));
        if (problems.Count > 0) return problems;
        foreach (var (p, i) in Policies!.Select((p, i) => (p, i)))
        {
            if (string.IsNullOrWhiteSpace(p.Code) || p.Code.Length > 40) problems.Add(new DomainError(ErrorCodes.Required, $"policies[{i}].code"));
            if (string.IsNullOrWhiteSpace(p.Name) || p.Name.Length > 100) problems.Add(new DomainError(ErrorCodes.Required, $"policies[{i}].name"));
            if (p.Steps is null || p.Steps.Count == 0 || p.Steps.Any(s => s is null))
            {
                problems.Add(new DomainError(ErrorCodes.Required, $"policies[{i}].steps"));
                continue;
            }
            for (var j = 0; j < p.Steps.Count; j++)
            {
                var step = p.Steps[j];
                var at = $"policies[{i}].steps[{j}]";
                if (step.Templates is null)
                {
                    problems.Add(new DomainError(ErrorCodes.Required, at + ".templates"));
                    continue;
                }
                if (step.Offset is < -MaxOffset or > MaxOffset) problems.Add(new DomainError(ErrorCodes.OutOfRange, at + ".offset", step.Offset));
                if (j > 0 && step.Offset <= p.Steps[j - 1].Offset) problems.Add(new DomainError(ErrorCodes.StepsOutOfOrder, at + ".offset", step.Offset));
                if (step.IsMessage && step.Actor != DunningActor.System) problems.Add(new DomainError(ErrorCodes.InvalidEnum, at + ".actor", step.Actor, nameof(DunningActor.System)));
                foreach (var language in new[] { Chinese, English })
                {
                    if (!step.Templates.TryGetValue(language, out var t) || t is null || string.IsNullOrWhiteSpace(t.Body)) problems.Add(new DomainError(ErrorCodes.Required, $"{at}.templates.{language}.body"));
                    else if (step.Channel == DunningChannel.Email && string.IsNullOrWhiteSpace(t.Subject)) problems.Add(new DomainError(ErrorCodes.Required, $"{at}.templates.{language}.subject"));
                }
            }
        }
        if (Policies!.GroupBy(p => p.Code).FirstOrDefault(g => g.Count() > 1) is { } twice) problems.Add(new DomainError(ErrorCodes.Duplicate, "policies", twice.Key));
        var codes = Policies!.Select(p => p.Code).ToHashSet();
        if (!codes.Contains(Default)) problems.Add(new DomainError(ErrorCodes.UnknownPolicy, "default", Default ?? ""));
        foreach (var (grade, code) in ByGrade!)
            if (!codes.Contains(code)) problems.Add(new DomainError(ErrorCodes.UnknownPolicy, $"byGrade.{grade}", code));
        return problems;
    }

    public static readonly DunningPolicies Shipped = ShippedPolicies.Build();
}
