using System.Globalization;
using ArFlow.Data;
using ArFlow.Domain.Ageing;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;

namespace ArFlow.Features.Ageing;

public static class AgeingEndpoints
{
    public static void MapAgeingEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/ageing", Get).WithTags("Reports").WithName("Ageing")
            .WithSummary("Ageing as of any date (default today), by customer|owner|grade|currency; format=json|csv. Streams.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");

    private static async Task<IResult> Get(
        HttpContext http, ArFlowDbContext db, ArFlowOptions options, Clock clock,
        DateOnly? asOf, string? by, string? basis, string? buckets, string? format, string? customer)
    {
        var check = new Check();
        var group = check.Choice("by", by, AgeingGroup.Customer);
        var ageingBasis = check.Choice("basis", basis, options.AgeingBasis);
        var bucketSet = options.Buckets;
        if (!string.IsNullOrWhiteSpace(buckets))
        {
            try { bucketSet = AgeingBuckets.Parse(buckets); }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException) { check.Add(ErrorCodes.InvalidFormat, "buckets", ""); }
        }
        var output = check.Text("format", format ?? "json", 8).ToLowerInvariant();
        if (output is not ("json" or "csv")) check.Add(ErrorCodes.InvalidEnum, "format", output, "json, csv");
        if (!check.Ok) return check.Errors.ToProblem();

        var date = asOf ?? clock.Today;
        var header = new AgeingHeader(date, Check.Kebab(ageingBasis.ToString()), Check.Kebab(group.ToString()), options.BaseCurrency, bucketSet.Labels());
        var rows = AgeingQuery.RunAsync(db, date, group, bucketSet, ageingBasis, http.RequestAborted, customer);
        if (output == "csv")
            await db.RecordExportAsync($"ageing-{date:yyyy-MM-dd}.csv", new { header.AsOf, header.By, header.Basis, buckets = header.Buckets, customer }, http.RequestAborted);
        return output == "csv"
            ? Results.Stream(async s =>
            {
                await using var writer = new StreamWriter(s, new System.Text.UTF8Encoding(true));
                await AgeingOutput.WriteCsvAsync(writer, header, rows, CultureInfo.CurrentUICulture, http.RequestAborted);
            }, "text/csv; charset=utf-8", $"ageing-{date:yyyy-MM-dd}.csv")
            : Results.Stream(s => AgeingOutput.WriteJsonAsync(s, header, rows, http.RequestAborted), "application/json; charset=utf-8");
    }
}
