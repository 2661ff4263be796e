using Microsoft.AspNetCore.Identity;

namespace ArFlow.Data.Entities;

/// <summary>A person who signs in. <see cref="IdentityUser{TKey}.UserName"/> is what a customer's
/// owner or collector field holds, so a sales person or collector sees their own customers.</summary>
public sealed class ArFlowUser : IdentityUser<long>
{
    public string? DisplayName { get; set; }
    /// <summary>zh-CN or en-US; null follows the browser.</summary>
    public string? Language { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A key a program sends to the API instead of a cookie; it acts as its user. Only the
/// SHA-256 of the secret is kept.</summary>
public sealed class ApiKey
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public required string Name { get; set; }
    /// <summary>The first characters of the key, shown so people can tell keys apart.</summary>
    public required string Prefix { get; set; }
    public required byte[] Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The admin who created it.</summary>
    public string? CreatedBy { get; set; }
    /// <summary>What the key may do, comma-separated policy names: "read" alone is read-only;
    /// writing areas (post, adjust, master-data…) are added one by one. Within them the key can
    /// never do more than its user's roles allow.</summary>
    public string Scopes { get; set; } = "read";
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>One request made with a key (or refused for it: expired, revoked, its user locked out).
/// Written in batches by the server, not chained: the audit trail has what the requests changed.</summary>
public sealed class ApiKeyUse
{
    public long Id { get; set; }
    public long KeyId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Method { get; set; }
    public required string Path { get; set; }
    public int Status { get; set; }
    public string? Address { get; set; }
}
