using ArFlow.Infrastructure.Outbox;

namespace ArFlow.Tests;

/// <summary>The receiver's side of a signature: the body and secret it was made with, within the tolerance.</summary>
public sealed class WebhookSignatureTests
{
    private static readonly DateTimeOffset At = new(2026, 7, 1, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("""{"type":"receipt.posted"}""", "whsec_1", 0, true)]
    [InlineData("""{"type":"receipt.posted","x":1}""", "whsec_1", 0, false)]
    [InlineData("""{"type":"receipt.posted"}""", "whsec_2", 0, false)]
    [InlineData("""{"type":"receipt.posted"}""", "whsec_1", 301, false)]
    [InlineData("""{"type":"receipt.posted"}""", "whsec_1", -299, true)]
    public void AReceiver_AcceptsOnlyTheSignedBody_UnderTheSecret_InTime(string received, string secret, int secondsLater, bool accepted)
    {
        var header = WebhookSignature.Sign("whsec_1", At, """{"type":"receipt.posted"}""");
        Assert.Matches("^t=1782871200,v1=[0-9a-f]{64}$", header);
        Assert.Equal(accepted, WebhookSignature.Verify(secret, header, received, At.AddSeconds(secondsLater), TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("t=abc,v1=00")]
    [InlineData("v1=00")]
    public void AMalformedHeader_IsRefused(string header) =>
        Assert.False(WebhookSignature.Verify("whsec_1", header, "{}", At, TimeSpan.FromMinutes(5)));
}
