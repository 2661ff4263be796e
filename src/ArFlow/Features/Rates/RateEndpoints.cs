using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Rates;

public sealed record RateDto(string Currency, DateOnly Date, decimal Rate);

public static class RateEndpoints
{
    public static void MapRateEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/rates").WithTags("Exchange rates");
        group.MapGet("/", async (ArFlowDbContext db, string? currency, CancellationToken ct) =>
                await db.ExchangeRates.AsNoTracking().Where(r => currency == null || r.Currency == currency)
                    .OrderBy(r => r.Currency).ThenByDescending(r => r.Date).Take(1000)
                    .Select(r => new RateDto(r.Currency, r.Date, r.Rate)).ToListAsync(ct))
            .WithName("ListRates").WithSummary("Exchange rates to the base currency, newest first.");
        group.MapPut("/", SetRate).WithName("SetRate").RequireAuthorization(Policies.Settings).WithSummary("Sets the rate of a currency from a date on (units of the base currency per unit).");
    }

    private static async Task<IResult> SetRate(ArFlowDbContext db, RateDto request, ArFlowOptions options, CancellationToken ct)
    {
        var check = new Check();
        var currency = check.Currency("currency", request.Currency, options.Base);
        if (currency == options.Base) check.Add(ErrorCodes.InvalidEnum, "currency", request.Currency, "≠ " + options.BaseCurrency);
        if (request.Rate <= 0m) check.Add(ErrorCodes.AmountNotPositive, "rate");
        if (!check.Ok) return check.Errors.ToProblem();
        var existing = await db.ExchangeRates.FindAsync([currency.Code, request.Date], ct);
        if (existing is null) db.ExchangeRates.Add(new ExchangeRate { Currency = currency.Code, Date = request.Date, Rate = request.Rate });
        else existing.Rate = request.Rate;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(request with { Currency = currency.Code });
    }
}
