using ArFlow.Domain.Audit;
using FsCheck;
using FsCheck.Fluent;

namespace ArFlow.Domain.Tests;

/// <summary>Whatever is done to a chain of records (an edit, a removal, two records swapped), the walk
/// stops at the first record touched, and an untouched chain always verifies.</summary>
public class AuditChainTests
{
    private sealed record Stored(long Id, byte[] Previous, byte[] Hash, string Content);

    private static List<Stored> Build(string[] contents)
    {
        var chain = new List<Stored>();
        var previous = HashChain.Genesis.ToArray();
        for (var i = 0; i < contents.Length; i++)
        {
            var hash = HashChain.Link(previous, contents[i]);
            chain.Add(new Stored(i + 1, previous, hash, contents[i]));
            previous = hash;
        }
        return chain;
    }

    private static ChainWalk Walk(IEnumerable<Stored> chain, bool withLinks)
    {
        var walk = new ChainWalk();
        foreach (var s in chain)
            if (!(withLinks ? walk.Step(s.Id, s.Previous, s.Hash, s.Content) : walk.Step(s.Id, s.Hash, s.Content))) break;
        return walk;
    }

    private static Gen<string[]> Contents => Gen.Elements("a", "b", "c", "invoice 100.00", "收款 50.00", "").ArrayOf().Where(a => a.Length >= 2);

    [Fact]
    public void AnUntouchedChain_Verifies() =>
        Prop.ForAll(Contents.ToArbitrary(), contents =>
        {
            var walk = Walk(Build(contents), withLinks: true);
            var bare = Walk(Build(contents), withLinks: false);
            return walk.Fault is null && bare.Fault is null && walk.Count == contents.Length && walk.LastId == contents.Length;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void AnEdit_IsFoundAtTheRecordEdited() =>
        Prop.ForAll(Contents.ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (contents, pick) =>
        {
            var chain = Build(contents);
            var at = pick % chain.Count;
            chain[at] = chain[at] with { Content = chain[at].Content + "!" };
            var expected = new ChainFault(at + 1, ChainBreak.ContentChanged);
            return Walk(chain, withLinks: true).Fault == expected && Walk(chain, withLinks: false).Fault == expected;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void ARemoval_IsFoundAtTheRecordAfterIt() =>
        Prop.ForAll(Contents.ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (contents, pick) =>
        {
            var chain = Build(contents);
            var at = pick % (chain.Count - 1); // not the last: only an anchor can tell that one
            chain.RemoveAt(at);
            return Walk(chain, withLinks: true).Fault == new ChainFault(at + 2, ChainBreak.LinkBroken)
                && Walk(chain, withLinks: false).Fault?.Id == at + 2;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void TwoRecordsSwapped_AreFoundAtTheFirstOfThem() =>
        Prop.ForAll(Contents.ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (contents, pick) =>
        {
            var chain = Build(contents);
            var at = pick % (chain.Count - 1);
            (chain[at], chain[at + 1]) = (chain[at + 1] with { Id = at + 1 }, chain[at] with { Id = at + 2 });
            return Walk(chain, withLinks: true).Fault == new ChainFault(at + 1, ChainBreak.LinkBroken)
                && Walk(chain, withLinks: false).Fault?.Id == at + 1;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void ALink_DependsOnThePreviousHash_AndOnTheContent()
    {
        var genesis = HashChain.Genesis.ToArray();
        var a = HashChain.Link(genesis, "x");
        Assert.Equal(32, a.Length);
        Assert.NotEqual(a, HashChain.Link(genesis, "y"));
        Assert.NotEqual(a, HashChain.Link(a, "x"));
        Assert.Equal(a, HashChain.Link(genesis, "x"));
    }
}
