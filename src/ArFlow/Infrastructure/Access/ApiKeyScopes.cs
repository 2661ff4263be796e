using System.Security.Claims;
using ArFlow.Domain.Errors;

namespace ArFlow.Infrastructure.Access;

/// <summary>What an API key may do: always read; each writing area by name. A key is checked
/// against its scopes and its user's roles both, so it never does more than either allows.</summary>
public static class ApiKeyScopes
{
    /// <summary>One claim per scope on a key's sign-in.</summary>
    public const string Claim = "arflow:scope";

    /// <summary>The areas a key can be given beyond reading: the policies of the endpoints.</summary>
    public static readonly string[] Areas = [Policies.Post, Policies.Adjust, Policies.MasterData, Policies.Settings, Policies.Users, Policies.Audit, Policies.Approve, Policies.FollowUp];

    /// <summary>"read" followed by the areas asked for, in a fixed order; unknown names are refused.</summary>
    public static Result<string> Normalize(IEnumerable<string>? names)
    {
        var wanted = (names ?? []).SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(n => n.ToLowerInvariant()).ToHashSet();
        var unknown = wanted.FirstOrDefault(n => n != Policies.Read && !Areas.Contains(n));
        if (unknown is not null) return new DomainError(ErrorCodes.InvalidEnum, "scopes", unknown, string.Join(", ", [Policies.Read, .. Areas]));
        return string.Join(',', new[] { Policies.Read }.Concat(Areas.Where(wanted.Contains)));
    }

    /// <summary>A person signed in with a cookie is limited by their roles only; a key also by its scopes.</summary>
    public static bool Allows(ClaimsPrincipal user, string policy)
    {
        ArgumentNullException.ThrowIfNull(user);
        return policy == Policies.Read || user.FindFirst(Actors.KeyClaim) is null || user.HasClaim(Claim, policy);
    }
}
