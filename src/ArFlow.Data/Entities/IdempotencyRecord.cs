namespace ArFlow.Data.Entities;

/// <summary>The saved response to a POST that carried an Idempotency-Key, written in the same
/// transaction as the posting it answers.</summary>
public sealed class IdempotencyRecord
{
    public required string Key { get; set; }
    public required string RequestHash { get; set; }
    public int StatusCode { get; set; }
    public required string ResponseJson { get; set; }
    public string? Location { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
