using ArFlow.Domain.Credit;
using ArFlow.Features.Credit;
using ArFlow.Features.Demo;
using ArFlow.Infrastructure;
using ArFlow.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace ArFlow.Tests;

/// <summary>The whole-book reading the nightly early warnings use gives every customer the same
/// score, behaviour and utilisation as its own credit file, today and 30 days before, on both databases.</summary>
public abstract class CreditBookTests(Engine engine)
{
    [Fact]
    public async Task TheBook_AgreesWithEachCustomersCreditFile()
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var options = new ArFlowOptions();
        var clock = new Clock(new FakeTimeProvider(TestApp.Start), options);
        await using (var db = database.Context())
        {
            Assert.NotNull(await DemoCompany.CreateIfEmptyAsync(db, options, clock, new DemoSize(25, 700), CancellationToken.None));
            var first = await db.Customers.OrderBy(c => c.Id).FirstAsync();
            await CreditFile.SaveStatementAsync(db, first.Code, 2025, new CreditFile.StatementRequest(1000m, 1200m, 300m, 500m, 800m, -50m, 10m), clock, CancellationToken.None);
            await CreditFile.AddReportAsync(db, first.Code, new CreditFile.ReportRequest("Bureau", clock.Today.AddDays(-3), Lawsuits: 2, Score: 40m), clock, CancellationToken.None);
        }
        await using var read = database.Context();
        foreach (var day in new[] { clock.Today, clock.Today.AddDays(-30) })
        {
            var book = await CreditBook.AsOfAsync(read, day, Scorecard.Default, CancellationToken.None);
            foreach (var code in await read.Customers.Select(c => new { c.Id, c.Code }).ToListAsync())
            {
                var file = (await CreditFile.GetAsync(read, code.Code, day, CancellationToken.None))!;
                var figures = book[code.Id];
                Assert.True(file.Behaviour == figures.Behaviour, $"{code.Code} {day}: {file.Behaviour} ≠ {figures.Behaviour}");
                Assert.Equal((file.Score.Score, file.Score.Grade), (figures.Score.Score, figures.Score.Grade));
                Assert.Equal(file.Utilisation, figures.Utilisation);
                Assert.Equal(file.Reports.Count > 0 ? file.Reports[0].Lawsuits : null, figures.Lawsuits);
            }
        }
    }
}

public sealed class SqliteCreditBookTests() : CreditBookTests(Engine.Sqlite);

public sealed class PostgresCreditBookTests() : CreditBookTests(Engine.Postgres);
