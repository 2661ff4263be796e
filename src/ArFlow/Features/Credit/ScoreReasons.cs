using System.Globalization;
using ArFlow.Domain.Credit;
using ArFlow.Infrastructure;

namespace ArFlow.Features.Credit;

/// <summary>A score's reasons as people read them, in their language:
/// "current ratio 0.8 is below 1.0: -10.5" / "流动比率 0.8 低于 1.0：-10.5"。</summary>
public static class ScoreReasons
{
    public static string Text(ScoreReason reason, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var c = culture ?? CultureInfo.CurrentUICulture;
        var factor = Infrastructure.Text.Get(c, "credit.factor." + reason.Factor);
        var impact = reason.Impact.ToString("0.#", CultureInfo.InvariantCulture);
        var key = reason switch
        {
            { Value: null } => "credit.reason.unknown",
            { Band: { From: null, To: not null } } => "credit.reason.below",
            { Band: { From: not null, To: null } } => "credit.reason.at-least",
            _ => "credit.reason.between",
        };
        return Infrastructure.Text.Get(c, key, factor, Number(reason.Value), Number(reason.Band?.From), Number(reason.Band?.To), impact);
    }

    private static string Number(decimal? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";
}
