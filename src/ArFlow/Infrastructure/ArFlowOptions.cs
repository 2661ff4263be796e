using ArFlow.Domain.Ageing;
using ArFlow.Domain.Ledger;
using ArFlow.Domain.Money;

namespace ArFlow.Infrastructure;

/// <summary>The "ArFlow" configuration section (appsettings.json, ARFLOW__* environment variables,
/// or --db on the command line). See docs/configuration.md.</summary>
public sealed class ArFlowOptions
{
    public const string Section = "ArFlow";

    /// <summary>A SQLite file path or connection string, or a PostgreSQL connection string/URL.</summary>
    public string Database { get; set; } = Path.Combine("data", "arflow.db");

    /// <summary>The company's own currency: every document keeps its rate to it.
    /// Set it before the first posting and never change it afterwards.</summary>
    public string BaseCurrency { get; set; } = "CNY";

    /// <summary>IANA time zone in which "today" is reckoned.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    public AllocationOrder AllocationOrder { get; set; } = AllocationOrder.OldestDueFirst;

    /// <summary>Inclusive upper bounds of the ageing buckets, in days.</summary>
    public string AgeingBuckets { get; set; } = "30,60,90,180,365";

    public AgeingBasis AgeingBasis { get; set; } = AgeingBasis.DueDate;

    /// <summary>Rows per transaction in bulk imports: a killed import leaves whole batches only.</summary>
    public int ImportBatchSize { get; set; } = 5000;

    /// <summary>Where the audit chain's heads are anchored; empty = beside the SQLite file, or in
    /// the data folder for PostgreSQL. Best on another disk or a write-once store.</summary>
    public string? AuditAnchorFile { get; set; }

    /// <summary>How often the running server anchors the chains (when they changed).</summary>
    public int AuditAnchorMinutes { get; set; } = 60;

    /// <summary>Which changes need approval, from what amount, by whom; when none are configured,
    /// <see cref="Features.Approvals.ApprovalRules.Defaults"/> apply. See docs/configuration.md.</summary>
    public List<ApprovalRuleSetting> ApprovalRules { get; set; } = [];

    /// <summary>The mail server for notices (approvals, reminders); empty Host = no email is sent.</summary>
    public SmtpSettings Smtp { get; set; } = new();

    /// <summary>The SMS gateway for reminders; empty Provider = SMS wait in the outbox.</summary>
    public Outbox.SmsSettings Sms { get; set; } = new();

    /// <summary>How often the outbox (emails, webhook calls) is looked at; 0 = this instance sends nothing.</summary>
    public int OutboxPollSeconds { get; set; } = 2;

    /// <summary>The console's address as people reach it, for links in emails.</summary>
    public string PublicUrl { get; set; } = "http://localhost:5080";

    /// <summary>How many requests a key or an address may make; 0 turns a limit off.</summary>
    public RateLimitSettings RateLimits { get; set; } = new();

    /// <summary>Whether a new invoice or contract that the credit check blocks is refused (409) until
    /// an approver overrides it; off, the check only answers when asked.</summary>
    public bool CreditCheckOnPosting { get; set; } = true;

    /// <summary>Payment prediction: "late" means paid more than this many days after the due date.</summary>
    public int PredictionLateDays { get; set; } = 30;

    /// <summary>How old the payment-prediction model may grow before the server trains a new one.</summary>
    public int ModelRetrainDays { get; set; } = 7;

    /// <summary>When the dunning run happens and how its reminders read. See docs/dunning.md.</summary>
    public DunningOptions Dunning { get; set; } = new();
    public BankOptions Bank { get; set; } = new();

    /// <summary>Statements of account and the customer portal. See docs/reconciliation.md.</summary>
    public StatementOptions Statements { get; set; } = new();
    /// <summary>The cash-flow forecast. See docs/analytics.md.</summary>
    public ForecastOptions Forecast { get; set; } = new();

    public Currency Base => Currency.Parse(BaseCurrency);

    public AgeingBuckets Buckets => Domain.Ageing.AgeingBuckets.Parse(AgeingBuckets);
}

/// <summary>One approval threshold as configuration spells it: roles comma-separated.</summary>
public sealed class ApprovalRuleSetting
{
    public string Action { get; set; } = "";
    /// <summary>Amounts above this (base currency) fall under the rule; empty = every amount.</summary>
    public decimal? Above { get; set; }
    public int Approvers { get; set; } = 1;
    public string Roles { get; set; } = "";
}

/// <summary>ArFlow:Bank — cash application.</summary>
public sealed class BankOptions
{
    /// <summary>A match at least this sure (0–1) is posted by <c>arflow bank match --auto-post</c>; the rest wait for a person.</summary>
    public decimal AutoPostConfidence { get; set; } = 0.95m;
}

/// <summary>ArFlow:Forecast — the cash-flow forecast.</summary>
public sealed class ForecastOptions
{
    /// <summary>An invoice overdue longer than this many days is not expected to be paid: the forecast counts it as doubtful.</summary>
    public int DoubtfulAfterDays { get; set; } = 365;
}

/// <summary>ArFlow:Statements — statements of account and the portal.</summary>
public sealed class StatementOptions
{
    /// <summary>How long a portal link opens, in days.</summary>
    public int LinkDays { get; set; } = 30;
    /// <summary>The day of the month on which the server issues and sends last month's statements
    /// (at ArFlow:Dunning:RunAt); 0 = no monthly run.</summary>
    public int MonthlyRunDay { get; set; } = 1;
    /// <summary>Requests to the portal per client address and per link in a minute; beyond them 429.</summary>
    public int PortalRequestsPerMinute { get; set; } = 30;
}

public sealed class DunningOptions
{
    /// <summary>The time of day (company time zone) of the daily run; before it, the run waits.</summary>
    public string RunAt { get; set; } = "09:00";
    /// <summary>No reminder goes out between these times (company time zone), e.g. 21:00-08:00; empty = none.</summary>
    public string QuietHours { get; set; } = "21:00-08:00";
    /// <summary>The sender's name in reminders and letters ({{ company.name }}).</summary>
    public string CompanyName { get; set; } = "ArFlow";
    /// <summary>How to pay, per language (zh-CN, en-US): bank, account, reference ({{ payment_instructions }}).</summary>
    public Dictionary<string, string> PaymentInstructions { get; set; } = [];
    /// <summary>A font with Chinese glyphs for the PDF letter (Debian: fonts-noto-cjk).</summary>
    public string LetterFont { get; set; } = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

    public TimeOnly RunTime => TimeOnly.Parse(RunAt, System.Globalization.CultureInfo.InvariantCulture);

    public Domain.Collections.QuietHours Quiet
    {
        get
        {
            if (string.IsNullOrWhiteSpace(QuietHours)) return new(TimeOnly.MinValue, TimeOnly.MinValue);
            var parts = QuietHours.Split('-', 2, StringSplitOptions.TrimEntries);
            return new(TimeOnly.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

public sealed class SmtpSettings
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    /// <summary>STARTTLS when the server offers it; off only for a server on the same host.</summary>
    public bool StartTls { get; set; } = true;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "ArFlow <arflow@localhost>";
}

/// <summary>Requests per window: to the API per key and per client address, and sign-in attempts
/// (password and second step) per address. Beyond them the answer is 429 with Retry-After.</summary>
public sealed class RateLimitSettings
{
    public int ApiPerKey { get; set; } = 600;
    public int ApiPerAddress { get; set; } = 1200;
    public int SignInPerAddress { get; set; } = 10;
    public int WindowSeconds { get; set; } = 60;
}
