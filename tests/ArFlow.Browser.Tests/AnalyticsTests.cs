using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ArFlow.Browser.Tests;

/// <summary>The analytics page in a real browser, in Chinese: the KPI tiles and twelve-month trends, the
/// forecast by week and source against the budget, and a week drilled down to the invoices due in it.</summary>
public sealed class AnalyticsTests(ServerFixture server) : BrowserTest(server)
{
    [Fact]
    public Task TheDashboard_ShowsKpisAndTheForecast_AndAWeekOpensItsInvoices() => WithPageAsync("analytics", async page =>
    {
        await SignInAsync(page, "manager");
        await GotoAsync(page, "/analytics");
        await Expect(page.Locator("h1")).ToHaveTextAsync("分析");
        await Expect(page.Locator("[data-testid=kpi-dso]")).ToContainTextAsync("DSO（简单法）", new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-testid=kpi-table] tbody tr")).ToHaveCountAsync(1);
        Assert.True(await page.Locator("svg path.mud-chart-line").CountAsync() > 0, "the trend charts draw lines");
        Directory.CreateDirectory(ServerFixture.Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ServerFixture.Screenshots, "analytics-kpis-zh.png"), FullPage = true });

        // By customer: a row per customer, each a link to the customer.
        await page.GetByLabel("分组").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "客户" }).ClickAsync();
        await page.Locator("[data-testid=kpi-run]").ClickAsync();
        await Expect(page.Locator("[data-testid=kpi-table] tbody tr a").First).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await page.GetByRole(AriaRole.Tab, new() { Name = "现金流预测" }).ClickAsync();
        var weeks = page.Locator("[data-testid=forecast-table] tbody tr");
        await Expect(weeks).ToHaveCountAsync(13, new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-testid=forecast-title]")).ToContainTextAsync("现金流预测");
        // The first week with something due opens the invoices due in it.
        var onDueDate = await page.Locator("[data-testid=forecast-table] tbody tr td:nth-child(8)").AllInnerTextsAsync();
        var week = onDueDate.Select((text, i) => (Amount: decimal.Parse(text.Replace("¥", "", StringComparison.Ordinal).Trim(), NumberStyles.Number, CultureInfo.InvariantCulture), i)).First(w => w.Amount > 0).i;
        await weeks.Nth(week).ClickAsync();
        await Expect(page.Locator("[data-testid=forecast-week]")).ToContainTextAsync("到期的未收发票");
        await Expect(page.Locator("[data-testid=forecast-due] tbody tr a[href^='/documents/']").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ServerFixture.Screenshots, "analytics-forecast-zh.png"), FullPage = true });

        // The budget: a bad file is refused by its line, a month set on the page shows against the forecast.
        await page.Locator("[data-testid=budget-panel]").ClickAsync();
        await page.Locator("[data-testid=budget-file]").SetInputFilesAsync(new FilePayload { Name = "budget.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes("month,amount\n2027/01,5\n") });
        await Expect(page.Locator("[data-testid=budget-problem]")).ToContainTextAsync("line 2, month");
        var month = (await page.Locator("[data-testid=forecast-table] tbody tr td:first-child").First.InnerTextAsync()).Trim()[..7];
        await page.GetByLabel("月份", new() { Exact = true }).Last.FillAsync(month);
        await page.GetByLabel("预算", new() { Exact = true }).FillAsync("3000000");
        await page.GetByLabel("预算", new() { Exact = true }).PressAsync("Tab");
        await page.Locator("[data-testid=budget-save]").ClickAsync();
        await Expect(page.Locator("[data-testid=budget-months]")).ToContainTextAsync(month + ": ¥3,000,000.00");
        await Expect(page.Locator("[data-testid=forecast-table] tbody tr").First.Locator("td:nth-child(9)")).Not.ToBeEmptyAsync();

        // The monthly report: the Chinese PDF behind its link, and who receives it by email on which day.
        await page.GetByRole(AriaRole.Tab, new() { Name = "月度报告" }).ClickAsync();
        var href = await page.Locator("[data-testid=monthly-pdf-zh]").GetAttributeAsync("href");
        Assert.Matches(@"^/api/reports/monthly\?month=\d{4}-\d{2}&format=pdf&lang=zh-CN$", href);
        var pdf = await page.APIRequest.GetAsync(href!);
        Assert.Equal(200, pdf.Status);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString((await pdf.BodyAsync())[..4]));
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "审计", Exact = true }).CheckAsync();
        await page.GetByLabel("次月发送日").FillAsync("40");
        await page.Locator("[data-testid=monthly-save]").ClickAsync();
        await Expect(page.Locator("[data-testid=monthly-problem]")).ToContainTextAsync("day");
        await page.GetByLabel("次月发送日").FillAsync("5");
        await page.GetByLabel("次月发送日").PressAsync("Tab");
        await page.Locator("[data-testid=monthly-save]").ClickAsync();
        await Expect(page.Locator("[data-testid=monthly-version]")).ToContainTextAsync("manager");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ServerFixture.Screenshots, "analytics-monthly-zh.png"), FullPage = true });
    }, "zh-CN");

    [Fact]
    public Task AStressScenario_IsTried_Saved_AndRunAgain() => WithPageAsync("analytics-scenarios", async page =>
    {
        await SignInAsync(page, "manager");
        await GotoAsync(page, "/analytics");
        await page.GetByRole(AriaRole.Tab, new() { Name = "应急预案" }).ClickAsync();
        await page.Locator("[data-testid=scenario-try]").ClickAsync();
        await Expect(page.Locator("[data-testid=scenario-problem]")).ToContainTextAsync("customers");

        await page.GetByLabel("客户编码").FillAsync("C00001,C00002");
        await page.Locator("[data-testid=scenario-try]").ClickAsync();
        await Expect(page.Locator("[data-testid=scenario-result]")).ToContainTextAsync("涉及 2 个客户", new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-testid=scenario-weeks] tbody tr")).ToHaveCountAsync(13);

        await page.GetByLabel("预案名称").FillAsync("两家客户延迟");
        await page.Locator("[data-testid=scenario-save]").ClickAsync();
        var row = page.Locator("[data-testid=scenario-table] tbody tr", new() { HasText = "两家客户延迟" });
        await Expect(row).ToContainTextAsync("延迟 30 天付款");
        await row.Locator("[data-testid=scenario-run]").ClickAsync();
        await Expect(page.Locator("[data-testid=scenario-result]")).ToContainTextAsync("两家客户延迟");
        Directory.CreateDirectory(ServerFixture.Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ServerFixture.Screenshots, "analytics-scenarios-zh.png"), FullPage = true });
    }, "zh-CN");
}
