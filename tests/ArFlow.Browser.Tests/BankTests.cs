using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ArFlow.Browser.Tests;

/// <summary>The review queue in a real browser: a statement imported on the page, a partial payment
/// that names an invoice waits for review (not sure enough to post), and one click posts it.</summary>
public sealed class BankTests(ServerFixture server) : BrowserTest(server)
{
    [Fact]
    public Task APartialPayment_WaitsInTheReviewQueue_AndOneClickPostsIt() => WithPageAsync("bank-review", async page =>
    {
        await SignInAsync(page, "clerk");
        // An open CNY invoice of the demo company, through the API with the clerk's session.
        var listed = await page.APIRequest.GetAsync("/api/invoices?status=open&sort=-amount&pageSize=50");
        using var json = JsonDocument.Parse(await listed.TextAsync());
        var invoice = json.RootElement.GetProperty("items").EnumerateArray().First(i => i.GetProperty("currency").GetString() == "CNY");
        var number = invoice.GetProperty("number").GetString()!;
        var paid = decimal.Round(invoice.GetProperty("open").GetDecimal() / 2, 2);
        var amount = paid.ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',');
        var mt940 = $":20:REVIEW{DateTime.UtcNow:HHmmssfff}\r\n:25:CN6012345678901\r\n:28C:1/1\r\n:60F:C261101CNY0,00\r\n" +
            $":61:2611021102C{amount}NTRFNONREF//RV1\r\n:86:货款 {number} 部分付款\r\n:62F:C261102CNY{amount}\r\n-";

        await GotoAsync(page, "/bank");
        await page.Locator("[data-testid=bank-file]").SetInputFilesAsync(new FilePayload { Name = "review.sta", MimeType = "text/plain", Buffer = System.Text.Encoding.UTF8.GetBytes(mt940) });
        await Expect(page.Locator("[data-testid=bank-imported]")).ToContainTextAsync("1 movements added", new() { Timeout = 20_000 });
        await page.Locator("[data-testid=bank-match]").ClickAsync();
        await Expect(page.Locator("[data-testid=bank-run]")).ToContainTextAsync("waiting for review", new() { Timeout = 20_000 });

        var row = page.Locator("[data-testid=bank-row]", new() { HasText = number });
        await Expect(row).ToContainTextAsync("partial payment");
        await Expect(row).ToContainTextAsync("90%");
        await row.Locator("[data-testid=bank-accept]").ClickAsync();
        await Expect(page.GetByText("Posted as receipt BANK-")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=bank-row]", new() { HasText = number })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Posted" }).ClickAsync();
        await Expect(page.Locator("[data-testid=bank-row]", new() { HasText = number })).ToContainTextAsync("BANK-");
    });

    [Fact]
    public Task AMappingDefinedInTheConsole_ReadsASampleExport() => WithPageAsync("bank-mapping", async page =>
    {
        await SignInAsync(page, "manager");
        await GotoAsync(page, "/bank/mappings");
        await page.Locator("[data-testid=mapping-add]").ClickAsync();
        var mapping = page.Locator("[data-testid=mapping]").Last;
        async Task Fill(string field, string value)
        {
            var input = mapping.GetByLabel(field, new() { Exact = true });
            await input.FillAsync(value);
            await input.PressAsync("Tab");
        }
        await Fill("Name", "east-bank");
        await Fill("Date column", "Booking day");
        await Fill("Credit (in) column", "Money in");
        await Fill("Debit (out) column", "Money out");
        await Fill("Payer column", "From");
        await Fill("Remittance columns (comma-separated)", "Text");
        await page.Locator("[data-testid=mappings-save]").ClickAsync();
        await Expect(page.GetByText("Mappings saved.")).ToBeVisibleAsync();

        var csv = "East Bank export\nBooking day,Text,From,Money in,Money out\n2026-11-02,INV-1,Acme Ltd,\"1,200.00\",\n2026-11-03,Fee,,,12.50\n";
        await page.Locator("[data-testid=mapping-sample]").SetInputFilesAsync(new FilePayload { Name = "east.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await Expect(page.Locator("[data-testid=mapping-sample-result]")).ToHaveTextAsync("Mapping \"east-bank\" reads 2 movements, 1 of them credits.", new() { Timeout = 20_000 });
    });
}
