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

    public Currency Base => Currency.Parse(BaseCurrency);

    public AgeingBuckets Buckets => Domain.Ageing.AgeingBuckets.Parse(AgeingBuckets);
}
