using System.Globalization;
using System.Resources;
using System.Xml.Linq;
using ArFlow.Domain.Ageing;
using ArFlow.Domain.Errors;
using ArFlow.Features.Ageing;
using ArFlow.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Tests;

public abstract class SchemaTests(Engine engine)
{
    [Fact]
    public async Task Migrations_ApplyToAnEmptyDatabase_AndMatchTheModel()
    {
        await using var db = await TestDatabase.CreateAsync(engine); // applies every migration
        await using var context = db.Context();
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        Assert.False(context.Database.HasPendingModelChanges(), "The model has changes no migration captures: add a migration for both providers.");
    }
}

public sealed class SqliteSchemaTests() : SchemaTests(Engine.Sqlite)
{
    /// <summary>Pins the plans the ageing depends on. The past-date ageing must sum entries through the
    /// covering index in item order (no temp B-tree, no table lookups); today's ageing must read only
    /// the open items' covering partial index, never the table.</summary>
    [Fact]
    public async Task AgeingPlans_UseTheirIndexes()
    {
        await using var db = await TestDatabase.CreateAsync(Engine.Sqlite);
        await using var connection = new SqliteConnection(db.ConnectionString);
        await connection.OpenAsync();
        async Task<string> Plan(bool fromOpenItems)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "ANALYZE; EXPLAIN QUERY PLAN " + AgeingQuery.Sql(fromOpenItems, AgeingGroup.Customer, AgeingBuckets.Default, AgeingBasis.DueDate);
            foreach (var (name, value) in AgeingBuckets.Default.LowerDates(new DateOnly(2026, 6, 30)).Select((d, i) => ($"d{i}", d)).Append(("asOf", new DateOnly(2026, 6, 30))))
                cmd.Parameters.AddWithValue(name, value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            var lines = new List<string>();
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) lines.Add(reader.GetString(3));
            return string.Join("\n", lines);
        }
        var past = await Plan(fromOpenItems: false);
        Assert.Contains("USING COVERING INDEX ix_ledger_entries_item_id_posted_date_amount_base_amount", past, StringComparison.Ordinal);
        Assert.DoesNotContain("USE TEMP B-TREE FOR GROUP BY", past.Split('\n').First(l => l.Contains("ledger_entries", StringComparison.Ordinal)), StringComparison.Ordinal);
        var today = await Plan(fromOpenItems: true);
        Assert.Contains("USING COVERING INDEX ix_open_items_open", today, StringComparison.Ordinal);
    }
}

public sealed class PostgresSchemaTests() : SchemaTests(Engine.Postgres);

public class ResourceTests
{
    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(CliRunner.RepositoryRoot, "src", "ArFlow", "Resources", file)).Root!.Elements("data")
            .ToDictionary(e => e.Attribute("name")!.Value, e => e.Element("value")!.Value);

    [Fact]
    public void EveryMessage_ExistsInBothLanguages_WithTheSamePlaceholders()
    {
        var en = Load("Messages.resx");
        var zh = Load("Messages.zh-CN.resx");
        Assert.Equal(en.Keys.Order(StringComparer.Ordinal), zh.Keys.Order(StringComparer.Ordinal));
        foreach (var key in en.Keys)
            Assert.True(Placeholders(en[key]).SetEquals(Placeholders(zh[key])), $"{key}: placeholders differ between en-US and zh-CN");
    }

    [Fact]
    public void EveryErrorCode_HasAMessage()
    {
        var en = Load("Messages.resx");
        var codes = typeof(ErrorCodes).GetFields().Select(f => (string)f.GetValue(null)!);
        Assert.All(codes, code => Assert.True(en.ContainsKey(code), $"no message for {code}"));
    }

    [Fact]
    public void Messages_AreServedInChinese()
    {
        var rm = new ResourceManager("ArFlow.Resources.Messages", typeof(ArFlow.Infrastructure.Text).Assembly);
        Assert.Equal("金额必须大于零。", rm.GetString(ErrorCodes.AmountNotPositive, CultureInfo.GetCultureInfo("zh-CN")));
    }

    private static HashSet<string> Placeholders(string s) =>
        [.. System.Text.RegularExpressions.Regex.Matches(s, @"\{\d+\}").Select(m => m.Value)];
}
