using Microsoft.Playwright;

namespace ArFlow.Browser.Tests;

/// <summary>What every browser test shares: a page of its own, signing in, and a screenshot of the
/// page when the test fails (in tests/ArFlow.Browser.Tests/screenshots/, named after the test).</summary>
public abstract class BrowserTest(ServerFixture server)
{
    protected ServerFixture Server { get; } = server;

    protected async Task WithPageAsync(string name, Func<IPage, Task> test, string locale = "en-US")
    {
        var page = await Server.NewPageAsync(locale);
        try
        {
            await test(page);
        }
        catch
        {
            Directory.CreateDirectory(ServerFixture.Screenshots);
            var file = Path.Combine(ServerFixture.Screenshots, $"{name}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            TestContext.Current.SendDiagnosticMessage($"screenshot of the failure: {file}");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    protected static async Task SignInAsync(IPage page, string user, string returnUrl = "/")
    {
        await page.GotoAsync(returnUrl);
        await page.WaitForURLAsync("**/account/sign-in**");
        await page.FillAsync("#user-name", user);
        await page.FillAsync("#password", ServerFixture.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("[data-testid=signed-in-as]");
        await InteractiveAsync(page);
    }

    /// <summary>Opens a console page and waits until it is interactive: typing into a page that is
    /// still only pre-rendered would be lost when the live version replaces it.</summary>
    protected static async Task GotoAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await InteractiveAsync(page);
    }

    protected static Task InteractiveAsync(IPage page) =>
        page.Locator("[data-testid=interactive]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
}
