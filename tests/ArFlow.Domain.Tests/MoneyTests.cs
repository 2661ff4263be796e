using ArFlow.Domain.Money;
using FsCheck;
using FsCheck.Fluent;
using M = ArFlow.Domain.Money.Money;

namespace ArFlow.Domain.Tests;

public class MoneyTests
{
    [Fact]
    public void Adding_TwoCurrencies_Throws()
    {
        var cny = new M(10m, Currency.CNY);
        var usd = new M(10m, Currency.USD);
        Assert.Throws<InvalidOperationException>(() => cny + usd);
        Assert.Throws<InvalidOperationException>(() => cny < usd);
    }

    [Theory]
    [InlineData("cny", "CNY")]
    [InlineData(" RMB ", "CNY")]
    [InlineData("jpy", "JPY")]
    public void Currency_Parse_AcceptsIsoCodes(string text, string code) =>
        Assert.Equal(code, Currency.Parse(text).Code);

    [Theory]
    [InlineData("XYZ")]
    [InlineData("")]
    [InlineData("元")]
    public void Currency_Parse_RefusesUnknownCodes(string text) =>
        Assert.False(Currency.TryParse(text, out _));

    [Fact]
    public void MinorUnits_FollowIso4217() =>
        Assert.Equal((2, 0, 3), (Currency.CNY.MinorUnits, Currency.Parse("JPY").MinorUnits, Currency.Parse("KWD").MinorUnits));

    [Fact]
    public void Convert_RoundsHalfAwayFromZero_ToTargetMinorUnit() =>
        Assert.Equal(new M(7.11m, Currency.CNY), new M(1.00m, Currency.USD).ConvertTo(Currency.CNY, 7.105m));

    [Fact]
    public void Split_ThreeWays_LosesNoCent()
    {
        var parts = new M(100m, Currency.CNY).Split([1m, 1m, 1m]);
        Assert.Equal([33.34m, 33.33m, 33.33m], parts.Select(p => p.Amount));
    }

    [Fact]
    public void Split_AlwaysAddsUpToTheTotal() =>
        Prop.ForAll(
            Gen.Choose(0, 100_000_000).Select(c => c / 100m).ToArbitrary(),
            Gen.Choose(0, 1000).Select(w => (decimal)w).ArrayOf().Where(ws => ws.Length > 0 && ws.Sum() > 0).ToArbitrary(),
            (amount, weights) =>
            {
                var parts = new M(amount, Currency.CNY).Split(weights);
                return parts.Sum(p => p.Amount) == amount
                    && parts.All(p => p.IsWholeMinorUnits)
                    && parts.Zip(weights).All(p => Math.Abs(p.First.Amount - amount * p.Second / weights.Sum()) < 0.01m);
            }).QuickCheckThrowOnFailure();
}
