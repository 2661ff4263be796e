using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace ArFlow.Features.Statements;

/// <summary>The token in a portal link: the link's id, encrypted and signed with the data-protection
/// key ring that every instance shares through the database. Whether the link still opens (expiry,
/// revocation) is the link row's business; a token that was altered reads as nothing.</summary>
public sealed class PortalTokens(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("ArFlow.Portal.v1");

    public string For(long linkId)
    {
        var id = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(id, linkId);
        return Base64Url.EncodeToString(_protector.Protect(id));
    }

    /// <summary>The link id the token carries; null when it is not one of ours or was changed.</summary>
    public long? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512) return null;
        try
        {
            var id = _protector.Unprotect(Base64Url.DecodeFromChars(token));
            return id.Length == 8 ? BinaryPrimitives.ReadInt64BigEndian(id) : null;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
