using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ArFlow.Browser.Tests;

/// <summary>The statement's round trip in a real browser: a collector issues it in the console, the
/// customer opens the link with no account, draws a signature and confirms, and the console's archive
/// shows the confirmation with its seal.</summary>
public sealed class PortalTests(ServerFixture server) : BrowserTest(server)
{
    [Fact]
    public Task AStatementIssuedInTheConsole_IsConfirmedInThePortalWithADrawnSignature() => WithPageAsync("portal-confirm", async page =>
    {
        await SignInAsync(page, "manager");
        await GotoAsync(page, "/statements");
        await page.GetByLabel("Customer").FillAsync("C00002");
        await page.GetByLabel("Customer").PressAsync("Tab");
        await page.GetByLabel("Email it with the portal link").UncheckAsync();
        await page.Locator("[data-testid=issue-submit]").ClickAsync();
        var link = await page.Locator("[data-testid=issued-link]").InnerTextAsync();
        var token = link[(link.IndexOf("/portal/", StringComparison.Ordinal) + "/portal/".Length)..];

        // The customer: another browser, no sign-in, the statement's language (the demo contacts read Chinese).
        var customer = await Server.NewPageAsync("en-US");
        try
        {
            await customer.GotoAsync($"/portal/{token}?lang=zh-CN");
            await Expect(customer.Locator("h1")).ToContainTextAsync("对账单");
            await Expect(customer.Locator("[data-testid=portal-status]")).ToContainTextAsync("等待您确认余额");
            // Without a signature the confirmation is refused, and says why.
            await customer.Locator("#confirm-name").FillAsync("陈会计");
            await customer.Locator("#confirm-position").FillAsync("财务主管");
            await customer.Locator("[data-testid=confirm-submit]").ClickAsync();
            await Expect(customer.Locator("[data-testid=portal-errors]")).ToContainTextAsync("签名不能为空");

            await customer.Locator("#confirm-name").FillAsync("陈会计");
            await customer.Locator("#confirm-position").FillAsync("财务主管");
            await customer.Locator("#signature-pad").ScrollIntoViewIfNeededAsync();
            var pad = (await customer.Locator("#signature-pad").BoundingBoxAsync())!;
            await customer.Mouse.MoveAsync(pad.X + 30, pad.Y + pad.Height - 30);
            await customer.Mouse.DownAsync();
            foreach (var (x, y) in new[] { (0.2, 0.2), (0.35, 0.8), (0.5, 0.3), (0.7, 0.75), (0.9, 0.25) })
                await customer.Mouse.MoveAsync((float)(pad.X + pad.Width * x), (float)(pad.Y + pad.Height * y), new MouseMoveOptions { Steps = 8 });
            await customer.Mouse.UpAsync();
            await customer.Locator("[data-testid=confirm-submit]").ClickAsync();
            await Expect(customer.Locator("[data-testid=portal-status]")).ToContainTextAsync("您的确认已记录");
            await Expect(customer.Locator("[data-testid=portal-reply]")).ToContainTextAsync("陈会计（财务主管）");
            await Expect(customer.Locator("[data-testid=confirm-form]")).ToHaveCountAsync(0);
        }
        catch
        {
            Directory.CreateDirectory(ServerFixture.Screenshots);
            await customer.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ServerFixture.Screenshots, "portal-confirm-customer.png"), FullPage = true });
            throw;
        }
        finally
        {
            await customer.Context.CloseAsync();
        }

        // Back in the console: confirmed, the signature shown, the seal intact.
        await GotoAsync(page, "/statements");
        await page.GetByLabel("Search").FillAsync("C00002");
        await page.Locator("[data-testid=archive-search]").ClickAsync();
        await Expect(page.Locator("[data-testid=archive-status-cell]").First).ToHaveTextAsync("Confirmed");
        await page.Locator("[data-testid=archive-row]").First.ClickAsync();
        await Expect(page.Locator("[data-testid=archive-seal]")).ToContainTextAsync("intact");
        await Expect(page.Locator("[data-testid=archive-reply] img")).ToBeVisibleAsync();
    });
}
