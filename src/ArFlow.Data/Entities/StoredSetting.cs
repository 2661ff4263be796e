namespace ArFlow.Data.Entities;

/// <summary>A setting kept as data (the scorecard, the credit policy, the dunning policies, the
/// holiday calendar…; one row each, by <see cref="Key"/>) as an admin last saved it: JSON of the
/// domain's records. Without a row, the defaults that ship apply.</summary>
public sealed class StoredSetting
{
    public required string Key { get; set; }
    public required string Json { get; set; }
    public int Version { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public required string ChangedBy { get; set; }
}
