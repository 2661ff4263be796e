using System.Security.Cryptography;
using System.Text;

namespace ArFlow.Domain.Audit;

/// <summary>A hash chain: each link is SHA-256 of the previous link followed by the UTF-8 of the
/// record's canonical content. Changing, removing or moving any record changes every link after
/// it, so a walk from the start finds the first record that was touched.</summary>
public static class HashChain
{
    public const int HashLength = 32;

    /// <summary>What the first record links to.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[HashLength];

    public static byte[] Link(ReadOnlySpan<byte> previous, string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (previous.Length != HashLength) throw new ArgumentException("A link is 32 bytes.", nameof(previous));
        var bytes = new byte[HashLength + Encoding.UTF8.GetByteCount(content)];
        previous.CopyTo(bytes);
        Encoding.UTF8.GetBytes(content, bytes.AsSpan(HashLength));
        return SHA256.HashData(bytes);
    }
}

/// <summary>Why a record does not verify.</summary>
public enum ChainBreak
{
    /// <summary>Its content no longer gives its stored hash: it was edited.</summary>
    ContentChanged,
    /// <summary>It does not link to the record before it: a record was removed, inserted or moved.</summary>
    LinkBroken,
    /// <summary>A record an anchor vouched for is gone or different: the chain was cut or rewritten.</summary>
    AnchorMismatch,
}

/// <summary>The first record that did not verify.</summary>
public sealed record ChainFault(long Id, ChainBreak Break);

/// <summary>Walks a chain one record at a time (so millions of rows stream through without being
/// held) and remembers the first fault.</summary>
public sealed class ChainWalk
{
    private byte[] _previous = HashChain.Genesis.ToArray();

    public long Count { get; private set; }
    public long LastId { get; private set; }
    public ChainFault? Fault { get; private set; }
    public ReadOnlySpan<byte> Head => _previous;

    /// <summary>A record whose stored link to its predecessor is kept beside its hash (the audit
    /// trail): tells an edit (content no longer hashes) from a removal or move (link broken).</summary>
    public bool Step(long id, ReadOnlySpan<byte> storedPrevious, ReadOnlySpan<byte> storedHash, string content)
    {
        if (Fault is not null) return false;
        if (!storedPrevious.SequenceEqual(_previous)) return Fail(id, ChainBreak.LinkBroken);
        if (!HashChain.Link(storedPrevious, content).AsSpan().SequenceEqual(storedHash)) return Fail(id, ChainBreak.ContentChanged);
        return Advance(id, storedHash);
    }

    /// <summary>A record that keeps only its hash (the ledger, where space counts): any change at
    /// or before it shows as this record not verifying.</summary>
    public bool Step(long id, ReadOnlySpan<byte> storedHash, string content)
    {
        if (Fault is not null) return false;
        if (!HashChain.Link(_previous, content).AsSpan().SequenceEqual(storedHash)) return Fail(id, ChainBreak.ContentChanged);
        return Advance(id, storedHash);
    }

    /// <summary>Marks a fault found outside the walk (an anchor that disagrees).</summary>
    public void Break(long id, ChainBreak why)
    {
        if (Fault is null) Fault = new ChainFault(id, why);
    }

    private bool Advance(long id, ReadOnlySpan<byte> hash)
    {
        _previous = hash.ToArray();
        LastId = id;
        Count++;
        return true;
    }

    private bool Fail(long id, ChainBreak why)
    {
        Fault = new ChainFault(id, why);
        return false;
    }
}
