using System.Security.Cryptography;
using ArFlow.Domain.Errors;

namespace ArFlow.Infrastructure;

/// <summary>A file someone uploaded as evidence: a safe name, its type, its bytes and their SHA-256.</summary>
public sealed record Upload(string FileName, string ContentType, byte[] Content, byte[] Sha256);

/// <summary>Reads an uploaded file the same way everywhere: not empty, at most <see cref="MaxBytes"/>,
/// the name without any path, a type when the browser gave none.</summary>
public static class Uploads
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public static async Task<Result<Upload>> ReadAsync(string? fileName, string? contentType, Stream content, long length, string fallbackName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (length == 0) return new DomainError(ErrorCodes.Required, "file");
        if (length > MaxBytes) return new DomainError(ErrorCodes.TooLong, "file", MaxBytes);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        return new Upload(
            Path.GetFileName(fileName) is { Length: > 0 and <= 255 } n ? n : fallbackName,
            string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType,
            bytes, SHA256.HashData(bytes));
    }
}
