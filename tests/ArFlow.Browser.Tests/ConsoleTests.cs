using System.Globalization;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ArFlow.Browser.Tests;

/// <summary>The console in a real browser against the real server with the demo company.</summary>
public sealed class ConsoleTests(ServerFixture server) : BrowserTest(server)
{
    public static TheoryData<string, string> People => new()
    {
        { "admin", "Admin" }, { "manager", "FinanceManager" }, { "clerk", "ArClerk" }, { "liu.yang", "Collector" },
        { "zhang.wei", "Sales" }, { "legal", "Legal" }, { "auditor", "Auditor" },
    };

    [Theory]
    [MemberData(nameof(People))]
    public Task EachRole_SignsIn_AndSeesOnlyWhatItMay(string user, string role) => WithPageAsync($"role-{user}", async page =>
    {
        await SignInAsync(page, user);
        Assert.Equal(user, await page.InnerTextAsync("[data-testid=signed-in-as]"));
        var posts = role is "Admin" or "FinanceManager" or "ArClerk";
        Assert.Equal(posts, await page.Locator("nav a[href='/import']").CountAsync() > 0);

        await GotoAsync(page, "/customers");
        await page.Locator("tbody tr.clickable").First.WaitForAsync();
        var owners = await page.Locator("tbody tr.clickable td:nth-child(4)").AllInnerTextsAsync();
        var collectors = await page.Locator("tbody tr.clickable td:nth-child(5)").AllInnerTextsAsync();
        switch (role)
        {
            case "Sales": Assert.All(owners, o => Assert.Equal(user, o)); break;
            case "Collector": Assert.All(collectors, c => Assert.Equal(user, c)); break;
            default: Assert.True(owners.Distinct().Count() > 1, "an unscoped role sees every sales person's customers"); break;
        }

        // A page the role may not use is refused even when typed into the address bar.
        await page.GotoAsync("/import");
        await Expect(page.Locator("h1")).ToHaveTextAsync(posts ? "Import" : "Access denied");
        Assert.Equal(posts, await page.Locator("#import-file").CountAsync() > 0);
    });

    [Fact]
    public Task WrongPassword_IsRefused_WithAMessage() => WithPageAsync("wrong-password", async page =>
    {
        await page.GotoAsync("/account/sign-in");
        await page.FillAsync("#user-name", "auditor");
        await page.FillAsync("#password", "not the password");
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("[role=alert]")).ToHaveTextAsync("The user name or password is wrong.");
    });

    [Fact]
    public Task Language_Switches_AndIsRememberedForThePerson() => WithPageAsync("language", async page =>
    {
        await SignInAsync(page, "legal");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Receivables at a glance");
        await page.Locator("[data-testid=language-menu] button").ClickAsync();
        await page.GetByText("简体中文").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("应收概览");
        await Expect(page.Locator("nav")).ToContainTextAsync("账龄分析");
        StringAssert(await page.InnerTextAsync("[data-testid=tile-receivable] h5"), "¥");

        // Another browser, in English, signing in as the same person: the console comes up in Chinese.
        var other = await Server.NewPageAsync("en-US");
        try
        {
            await SignInAsync(other, "legal");
            await Expect(other.Locator("h1")).ToHaveTextAsync("应收概览");
            await other.Locator("[data-testid=language-menu] button").ClickAsync();
            await other.GetByText("English").ClickAsync();
            await Expect(other.Locator("h1")).ToHaveTextAsync("Receivables at a glance");
        }
        finally
        {
            await other.Context.CloseAsync();
        }

        static void StringAssert(string text, string prefix) => Assert.StartsWith(prefix, text, StringComparison.Ordinal);
    });

    [Fact]
    public Task AChineseBrowser_GetsChinese_IncludingTheComponentsOwnMessages() => WithPageAsync("browser-chinese", async page =>
    {
        await SignInAsync(page, "clerk");
        await Expect(page.Locator("h1")).ToHaveTextAsync("应收概览");
        await GotoAsync(page, "/receipts/new");
        await page.GetByLabel("客户").FocusAsync();
        await page.GetByLabel("客户").PressAsync("Tab");
        await Expect(page.Locator(".mud-input-helper-text")).ToContainTextAsync("必填");
        await Expect(page.Locator("h1")).ToHaveTextAsync("录入收款");
    }, "zh-CN");

    [Fact]
    public Task Receipt_IsEntered_AndAllocatedInPart() => WithPageAsync("receipt", async page =>
    {
        await SignInAsync(page, "clerk");
        var customer = (await page.Locator("tbody tr.clickable a").First.InnerTextAsync()).Trim();

        await GotoAsync(page, "/receipts/new");
        await page.GetByLabel("Customer").FillAsync(customer);
        await page.GetByLabel("Customer").PressAsync("Tab");
        var firstApply = page.Locator("input[aria-label^='Amount applied to']").First;
        await firstApply.WaitForAsync();
        await page.GetByLabel("Amount", new() { Exact = true }).FillAsync("100");
        await page.GetByLabel("Amount", new() { Exact = true }).PressAsync("Tab");
        var reference = $"UI-{Guid.NewGuid():N}"[..16];
        await page.GetByLabel("Reference").FillAsync(reference);
        await page.ClickAsync("[data-testid=receipt-suggest]");
        await Expect(firstApply).ToHaveValueAsync("100.00");

        // Apply only 60 to the oldest invoice; the other 40 stays as unapplied credit.
        await firstApply.FillAsync("60");
        await firstApply.PressAsync("Tab");
        await Expect(page.Locator("[data-testid=receipt-unapplied]")).ToContainTextAsync("40.00");
        await page.ClickAsync("[data-testid=receipt-post]");
        // The posting queues behind any writer (a scheduled run on a busy CI machine): wait for it longer
        // than for a page, and when it is refused say why rather than only that the page stayed.
        var posted = page.WaitForURLAsync($"**/customers/{customer}", new() { Timeout = 60_000 });
        var refused = page.Locator("[data-testid=receipt-error]").First.WaitForAsync(new() { Timeout = 60_000 });
        if (await Task.WhenAny(posted, refused) == refused && refused.IsCompletedSuccessfully)
            Assert.Fail($"the receipt was refused: {await page.Locator("[data-testid=receipt-error]").First.InnerTextAsync()}");
        await posted;
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("40.00");

        // The profile reads the balance against the credit limit.
        await Expect(page.GetByText("of the limit used")).ToBeVisibleAsync();

        // The customer's activity shows the receipt just posted, newest first.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Activity" }).ClickAsync();
        await Expect(page.Locator(".mud-timeline")).ToContainTextAsync(reference);
    });

    [Fact]
    public Task WriteOff_IsRequested_ApprovedByAnother_AndReachesTheLedger() => WithPageAsync("approval", async page =>
    {
        // The AR clerk asks for a write-off of part of an open invoice.
        await SignInAsync(page, "clerk");
        var customer = (await page.Locator("tbody tr.clickable a").First.InnerTextAsync()).Trim();
        await GotoAsync(page, $"/customers/{customer}");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Open items" }).ClickAsync();
        await page.Locator("tbody tr:has(td:text-is('Invoice')) a").Last.ClickAsync();
        await page.WaitForURLAsync("**/documents/*");
        await InteractiveAsync(page);
        var invoiceUrl = page.Url;
        var openBefore = Money(await page.InnerTextAsync("[data-testid=document-open]"));
        await page.GetByLabel("Amount", new() { Exact = true }).FillAsync("10");
        await page.GetByLabel("Reason").FillAsync("Price dispute settled: 10 conceded");
        await page.ClickAsync("[data-testid=change-submit]");
        await page.WaitForURLAsync("**/approvals/*");
        await Expect(page.Locator("[data-testid=approval-status]")).ToHaveTextAsync("Pending");
        await Expect(page.Locator("[data-testid=approval-changes]")).ToContainTextAsync((openBefore - 10m).ToString("N2", CultureInfo.InvariantCulture));
        // Nobody approves their own request: the clerk may only withdraw it, and the ledger has not moved.
        await Expect(page.Locator("[data-testid=approval-own]")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("[data-testid=approve]").CountAsync());
        var requestUrl = new Uri(page.Url).AbsolutePath;
        await GotoAsync(page, invoiceUrl);
        Assert.Equal(openBefore, Money(await page.InnerTextAsync("[data-testid=document-open]")));

        // The finance manager finds it in the inbox and approves it; the write-off is posted.
        var manager = await Server.NewPageAsync();
        try
        {
            await SignInAsync(manager, "manager");
            await GotoAsync(manager, "/approvals");
            await manager.Locator($"[data-testid=approvals-to-decide] a[href='{requestUrl}']").ClickAsync();
            await manager.WaitForURLAsync($"**{requestUrl}");
            await InteractiveAsync(manager);
            await Expect(manager.Locator("[data-testid=approval-reason]")).ToHaveTextAsync("Price dispute settled: 10 conceded");
            await manager.GetByLabel("Comment").FillAsync("Agreed with sales");
            await manager.ClickAsync("[data-testid=approve]");
            await Expect(manager.Locator("[data-testid=approval-status]")).ToHaveTextAsync("Approved");
            await Expect(manager.Locator("[data-testid=approval-decision]")).ToContainTextAsync("approved by manager");
            await manager.ClickAsync("[data-testid=approval-result]");
            await manager.WaitForURLAsync("**/documents/*");
            await Expect(manager.Locator("h1")).ToContainTextAsync("Write-off");
        }
        finally
        {
            await manager.Context.CloseAsync();
        }

        await GotoAsync(page, invoiceUrl);
        Assert.Equal(openBefore - 10m, Money(await page.InnerTextAsync("[data-testid=document-open]")));
        await Expect(page.Locator("[data-testid=document-approvals]")).ToContainTextAsync("Approved");
    });

    [Fact]
    public Task Auditor_SearchesTheTrail_VerifiesIt_AndTheExportIsRecorded() => WithPageAsync("audit", async page =>
    {
        await SignInAsync(page, "auditor", "/audit");
        await page.GetByLabel("What").FillAsync("sign-in");
        await page.GetByLabel("What").PressAsync("Tab");
        var actions = page.Locator("[data-testid=audit-table] tbody tr td:nth-child(6)");
        // The newest record is the auditor's own sign-in with or without the filter: wait until the filtered rows arrive.
        IReadOnlyList<string> listed = [];
        for (var waited = 0; waited < 20_000; waited += 250)
        {
            listed = await actions.AllInnerTextsAsync();
            if (listed.Count > 0 && listed.All(a => a.StartsWith("sign-in", StringComparison.Ordinal))) break;
            await page.WaitForTimeoutAsync(250);
        }
        Assert.NotEmpty(listed);
        Assert.Equal("sign-in.succeeded", listed[0]);
        Assert.All(listed, a => Assert.StartsWith("sign-in", a, StringComparison.Ordinal));

        await page.ClickAsync("[data-testid=audit-verify]");
        await Expect(page.Locator("[data-testid=audit-verify-result]")).ToContainTextAsync("Chain intact");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=audit-export]"));
        Assert.Equal("audit-trail.xlsx", download.SuggestedFilename);
        await page.GetByLabel("What").FillAsync("data.exported");
        await page.GetByLabel("What").PressAsync("Tab");
        await Expect(page.Locator("[data-testid=audit-table] tbody tr").First).ToContainTextAsync("auditor");
        await Expect(page.Locator("[data-testid=audit-table] tbody tr").First).ToContainTextAsync("audit-trail.xlsx");
    });

    [Fact]
    public Task Admin_IssuesAKeyShownOnce_ThatWorksUntilRevoked() => WithPageAsync("api-keys", async page =>
    {
        await SignInAsync(page, "admin", "/admin/api-keys");
        await page.GetByLabel("User", new() { Exact = true }).FillAsync("clerk");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("erp-ui-test");
        await page.ClickAsync("[data-testid=scope-post]");
        await page.ClickAsync("[data-testid=key-issue]");
        var key = (await page.Locator("[data-testid=key-shown-once] code").InnerTextAsync()).Trim();
        Assert.StartsWith("arf_", key, StringComparison.Ordinal);
        var row = page.Locator("[data-testid=key-table] tbody tr", new() { HasText = "erp-ui-test" });
        await Expect(row).ToContainTextAsync("read, post");

        using var api = new HttpClient { BaseAddress = new Uri(Server.BaseUrl) };
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(200, (int)(await api.GetAsync(new Uri("/api/customers", UriKind.Relative))).StatusCode);
        await row.Locator("button", new() { HasText = "Revoke" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Revoked");
        Assert.Equal(401, (int)(await api.GetAsync(new Uri("/api/customers", UriKind.Relative))).StatusCode);
    });

    [Fact]
    public Task FinanceManager_SubscribesAWebhook_SeesTheSecretOnce_AndTurnsItOff() => WithPageAsync("webhooks", async page =>
    {
        await SignInAsync(page, "manager", "/settings/webhooks");
        var url = $"http://127.0.0.1:9/{Guid.NewGuid():N}";
        await page.GetByLabel("Address (URL)").FillAsync(url);
        await page.ClickAsync("[data-testid='event-receipt.posted']");
        await page.ClickAsync("[data-testid=webhook-create]");
        Assert.StartsWith("whsec_", (await page.Locator("[data-testid=webhook-secret] code").InnerTextAsync()).Trim(), StringComparison.Ordinal);
        var row = page.Locator("[data-testid=webhook-table] tbody tr", new() { HasText = url });
        await Expect(row).ToContainTextAsync("receipt.posted");
        await Expect(row).ToContainTextAsync("On");
        await row.Locator("button", new() { HasText = "Turn off" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Off");
    });

    [Fact]
    public Task CustomerPage_ShowsTheCreditScoreWithReasons_AndRunsACreditCheck() => WithPageAsync("credit", async page =>
    {
        await SignInAsync(page, "clerk");
        var customer = (await page.Locator("tbody tr.clickable a").First.InnerTextAsync()).Trim();
        await GotoAsync(page, $"/customers/{customer}");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Credit" }).ClickAsync();
        await Expect(page.Locator("[data-testid=credit-score]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+(\.\d)? · [ABCD]$"));
        await Expect(page.Locator("[data-testid=credit-reason]").First).ToContainTextAsync(":");
        await Expect(page.Locator("[data-testid=credit-recommendation]")).ToContainTextAsync("review every");
        // Each open invoice with its chance of being paid late and its expected payment date, and what says so.
        await Expect(page.Locator("[data-testid=predictions] tbody tr").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=prediction-method]")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("model|history"));
        await page.GetByLabel("Amount to check").FillAsync("1000000000");
        await page.ClickAsync("[data-testid=check-run]");
        // A billion on credit is more than any demo customer's limit.
        await Expect(page.Locator("[data-testid=check-outcome]")).ToContainTextAsync("block");
        await Expect(page.Locator("[data-testid=check-outcome]")).ToContainTextAsync("would exceed the credit limit");
    });

    [Fact]
    public Task CreditReview_IsAskedFromTheCreditTab_ApprovedByAnother_AndKeptInTheHistory() => WithPageAsync("review", async page =>
    {
        // The AR clerk reviews the third customer: the recommendation is filled in; the clerk sets the limit.
        await SignInAsync(page, "clerk");
        var customer = (await page.Locator("tbody tr.clickable a").Nth(2).InnerTextAsync()).Trim();
        await GotoAsync(page, $"/customers/{customer}?tab=credit");
        await InteractiveAsync(page);
        await Expect(page.Locator("[data-testid=credit-next-review]")).ToContainTextAsync("never reviewed");
        await page.GetByLabel("Credit limit").FillAsync("123456");
        await page.GetByLabel("Terms").FillAsync("net 30");
        await page.GetByLabel("Reason").FillAsync("Annual credit review");
        await page.ClickAsync("[data-testid=review-request]");
        await page.WaitForURLAsync("**/approvals/*");
        await Expect(page.Locator("[data-testid=approval-changes]")).ToContainTextAsync("123,456.00");
        Assert.Equal(0, await page.Locator("[data-testid=approve]").CountAsync());
        var requestUrl = new Uri(page.Url).AbsolutePath;

        var manager = await Server.NewPageAsync();
        try
        {
            await SignInAsync(manager, "manager");
            await GotoAsync(manager, requestUrl);
            await InteractiveAsync(manager);
            await manager.ClickAsync("[data-testid=approve]");
            await Expect(manager.Locator("[data-testid=approval-status]")).ToHaveTextAsync("Approved");
            await GotoAsync(manager, $"/customers/{customer}?tab=credit");
            var history = manager.Locator("[data-testid=credit-reviews] tbody tr");
            await Expect(history).ToHaveCountAsync(1);
            await Expect(history).ToContainTextAsync("123,456.00");
            await Expect(history).ToContainTextAsync("clerk");
            await Expect(history).ToContainTextAsync("manager");
            await Expect(manager.Locator("[data-testid=credit-next-review]")).Not.ToContainTextAsync("never reviewed");
            // Just reviewed: no longer in the queue of the next 30 days.
            await GotoAsync(manager, "/credit/reviews");
            await Expect(manager.Locator("[data-testid=review-queue] tbody tr").First).ToBeVisibleAsync();
            Assert.Equal(0, await manager.Locator($"[data-testid=review-queue] a:text-is('{customer}')").CountAsync());
        }
        finally
        {
            await manager.CloseAsync();
        }
    });

    [Fact]
    public Task CreditFile_AStatementIsEntered_AndAnImpossibleFigureIsNamed() => WithPageAsync("statement", async page =>
    {
        await SignInAsync(page, "clerk");
        var customer = (await page.Locator("tbody tr.clickable a").Nth(3).InnerTextAsync()).Trim();
        await GotoAsync(page, $"/customers/{customer}?tab=credit");
        await InteractiveAsync(page);
        await page.GetByText("Enter a year's financial statement").ClickAsync();
        await page.GetByLabel("Year").FillAsync("2025");
        foreach (var (label, value) in new[] { ("Total assets", "1000"), ("Total liabilities", "600"), ("Current assets", "1200"), ("Current liabilities", "400"),
                     ("Revenue", "5000"), ("Net profit", "250"), ("Operating cash flow", "80") })
            await page.GetByLabel(label, new() { Exact = true }).FillAsync(value);
        await page.ClickAsync("[data-testid=statement-save]");
        // Current assets cannot exceed total assets: refused, naming the field in words.
        await Expect(page.Locator("[data-testid=credit-file-error]").First).ToContainTextAsync("Current assets");
        await page.GetByLabel("Current assets", new() { Exact = true }).FillAsync("320");
        await page.ClickAsync("[data-testid=statement-save]");
        await Expect(page.Locator("[data-testid=credit-statements] tbody tr:has(td:text-is('2025'))")).ToContainTextAsync("0.8");
    });

    [Fact]
    public Task DisputesAndPromises_AreRecordedOnTheCustomerPage() => WithPageAsync("disputes", async page =>
    {
        await SignInAsync(page, "clerk");
        var customer = (await page.Locator("tbody tr.clickable a").Nth(4).InnerTextAsync()).Trim();
        await GotoAsync(page, $"/customers/{customer}");
        await InteractiveAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Open items" }).ClickAsync();
        var invoice = (await page.Locator("tbody tr:has(td:text-is('Invoice')) a").First.InnerTextAsync()).Trim();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Collections", Exact = true }).ClickAsync();
        await page.GetByLabel("Amount promised").FillAsync("100");
        await page.GetByLabel("Promised for").FillAsync(DateOnly.FromDateTime(DateTime.Today).AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByLabel("Promised by").FillAsync("Ms Li");
        await page.ClickAsync("[data-testid=promise-save]");
        await Expect(page.Locator("[data-testid=promises] tbody tr").First).ToContainTextAsync("Ms Li");
        // An invoice that is not the customer's is refused, naming the field.
        await page.GetByLabel("Invoice number").FillAsync("NO-SUCH-INVOICE");
        await page.ClickAsync("[data-testid=dispute-save]");
        await Expect(page.Locator("[data-testid=collections-error]")).ToContainTextAsync("invoiceNumber");
        await page.GetByLabel("Invoice number").FillAsync(invoice);
        await page.GetByLabel("Amount disputed (default: what is open)").FillAsync("1");
        await page.ClickAsync("[data-testid=dispute-save]");
        var row = page.Locator($"[data-testid=disputes] tbody tr:has(a:text-is('{invoice}'))");
        await Expect(row).ToContainTextAsync("Open");
        await row.Locator("[data-testid=dispute-resolve]").ClickAsync();
        await page.GetByLabel("What was done").FillAsync("Price confirmed with sales");
        await page.ClickAsync("[data-testid=dispute-resolve-confirm]");
        await Expect(row).ToContainTextAsync("Resolved");
    });

    [Fact]
    public Task Scorecard_IsEditedInTheConsole_AndCheckedBeforeItIsKept() => WithPageAsync("scorecard", async page =>
    {
        await SignInAsync(page, "manager");
        await GotoAsync(page, "/settings/credit");
        await InteractiveAsync(page);
        await Expect(page.Locator("[data-testid=scorecard-version]")).ToContainTextAsync("default");
        // A grade cut above 100 is refused, naming the field.
        await page.GetByLabel("B from").FillAsync("165");
        await page.ClickAsync("[data-testid=scorecard-save]");
        await Expect(page.Locator("[data-testid=scorecard-error]")).ToContainTextAsync("value.grades[1].from");
        await page.GetByLabel("B from").FillAsync("65");
        await page.Locator("[data-testid=factor-0]").GetByLabel("Weight").FillAsync("30");
        await page.ClickAsync("[data-testid=scorecard-save]");
        await Expect(page.Locator("[data-testid=scorecard-version]")).ToContainTextAsync("Version 1");
        await GotoAsync(page, "/settings/credit");
        await Expect(page.Locator("[data-testid=factor-0]").GetByLabel("Weight")).ToHaveValueAsync("30");
    });

    [Fact]
    public Task DunningPolicy_IsPreviewedWithARealCustomer_BeforeItIsSaved() => WithPageAsync("dunning-policies", async page =>
    {
        await SignInAsync(page, "manager");
        await GotoAsync(page, "/settings/dunning");
        await InteractiveAsync(page);
        await page.ClickAsync("[data-testid=step-2-templates]");
        var english = page.Locator("[data-testid=template-en-US]").GetByLabel("Text");
        await english.FillAsync("Dear {{ contact.name }}, {{ invoices[0].number }} is {{ invoices[0].days_overdue }} days late.");
        await page.ClickAsync("[data-testid=preview-run]");
        var steps = page.Locator("[data-testid=preview-step]");
        await Expect(steps).ToHaveCountAsync(7);
        await Expect(steps.Nth(2)).ToContainTextAsync("is 7 days late.");
        await Expect(page.Locator("[data-testid=preview-sample]")).ToContainTextAsync("invoice");

        // A template the parser refuses is named by its policy and step, and nothing is saved.
        await english.FillAsync("{% if total %}never closed");
        await page.ClickAsync("[data-testid=policies-save]");
        await Expect(page.Locator("[data-testid=policies-error]").First).ToContainTextAsync("standard · step +7 · templates.en-US.body");
        await english.FillAsync("Dear {{ contact.name }}, please pay {{ total }} {{ currency }}.");
        await page.ClickAsync("[data-testid=policies-save]");
        await Expect(page.Locator("[data-testid=policies-version]")).ToContainTextAsync("Version 1");

        // The calendar names a day that is not a date.
        await page.GetByLabel("Weekend days worked (调休)").FillAsync("2026-10-10\n2026-02-30");
        await page.ClickAsync("[data-testid=calendar-save]");
        await Expect(page.Locator("[data-testid=calendar-error]")).ToContainTextAsync("workingWeekends[1]");
    });

    [Fact]
    public Task Outbox_ShowsEachReminderWithItsDeliveryState() => WithPageAsync("outbox", async page =>
    {
        await SignInAsync(page, "admin");
        await GotoAsync(page, "/collections");
        await InteractiveAsync(page);
        await page.ClickAsync("[data-testid=dunning-run]");
        await Expect(page.GetByText("Dunning: ")).ToBeVisibleAsync();
        // The demo sends no mail (no SMTP server is set up), so the reminders wait in the queue.
        await GotoAsync(page, "/outbox");
        await InteractiveAsync(page);
        var rows = page.Locator("[data-testid=outbox-row]");
        await Expect(rows.First).ToBeVisibleAsync();
        await Expect(rows.First.Locator("[data-testid=outbox-state-cell]")).ToHaveTextAsync("Queued");
        await rows.First.ClickAsync();
        await Expect(page.Locator("[data-testid=outbox-detail]")).ToContainTextAsync("worded when it is sent");
    });

    [Fact]
    public Task ACustomer_IsPaused_AndGivenARepaymentPlan_OnItsCollectionsTab() => WithPageAsync("customer-dunning", async page =>
    {
        await SignInAsync(page, "manager");
        await GotoAsync(page, "/collections");
        await InteractiveAsync(page);
        var customer = (await page.Locator("[data-testid=worklist-row] a").Last.InnerTextAsync()).Trim();
        await GotoAsync(page, $"/customers/{Uri.EscapeDataString(customer)}?tab=collections");
        await InteractiveAsync(page);
        await Expect(page.Locator("[data-testid=dunning-follows]")).ToContainTextAsync("the policy of grade");
        await Expect(page.Locator("[data-testid=interest-off]")).ToBeVisibleAsync();

        string Day(int days) => DateOnly.FromDateTime(DateTime.Today).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.GetByLabel("Do not contact until").FillAsync(Day(10));
        await page.GetByLabel("Why").FillAsync("Negotiating a settlement");
        await page.ClickAsync("[data-testid=dunning-settings-save]");
        await Expect(page.Locator("[data-testid=dunning-follows]")).ToContainTextAsync("Paused until " + Day(10) + ": Negotiating a settlement.");

        await page.GetByLabel("Installments", new() { Exact = true }).FillAsync("2");
        await page.GetByLabel("First due on").FillAsync(Day(30));
        await page.ClickAsync("[data-testid=plan-create]");
        var plan = page.Locator("[data-testid=plan-row]").First;
        await Expect(plan).ToContainTextAsync("Active");
        await Expect(plan).ToContainTextAsync(Day(30));
    });

    [Fact]
    public Task Worklist_RunsDunning_ClosesATask_AndGivesCustomersToACollector() => WithPageAsync("worklist", async page =>
    {
        await SignInAsync(page, "admin");
        await GotoAsync(page, "/collections");
        await InteractiveAsync(page);
        await page.ClickAsync("[data-testid=dunning-run]");
        await Expect(page.GetByText("Dunning: ")).ToBeVisibleAsync();

        // Everyone's tasks (the admin has none of its own): close one that is not a call (a call also
        // needs its outcome, which the API tests cover) with what was done.
        await page.Locator("[data-testid=tasks-mine]").ClickAsync();
        var tasks = page.Locator("[data-testid=task-row]");
        await Expect(tasks.First).ToBeVisibleAsync();
        await tasks.Filter(new() { HasNotText = "Call task" }).First.Locator("[data-testid=task-close]").ClickAsync();
        await page.GetByLabel("What was done").FillAsync("Spoke to accounts payable; payment next week");
        await page.ClickAsync("[data-testid=task-close-confirm]");
        // (The list shows the first hundred open tasks, so it need not grow shorter.)
        await Expect(page.Locator(".mud-snackbar", new() { HasText = "Task closed and recorded." })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=task-close-confirm]")).ToHaveCountAsync(0);

        // Two customers of the worklist given to a collector at once.
        var rows = page.Locator("[data-testid=worklist-row]");
        await Expect(rows.First).ToBeVisibleAsync();
        var first = (await rows.Nth(0).Locator("a").InnerTextAsync()).Trim();
        var second = (await rows.Nth(1).Locator("a").InnerTextAsync()).Trim();
        await rows.Nth(0).Locator("[data-testid=worklist-select]").CheckAsync();
        await rows.Nth(1).Locator("[data-testid=worklist-select]").CheckAsync();
        await page.GetByLabel("Give to collector").FillAsync("liu.yang");
        await page.ClickAsync("[data-testid=worklist-give]");
        await Expect(page.GetByText("2 customers given to liu.yang.")).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-testid=worklist-row]:has(a:text-is('{first}')) [data-testid=worklist-collector]")).ToHaveTextAsync("liu.yang");
        await Expect(page.Locator($"[data-testid=worklist-row]:has(a:text-is('{second}')) [data-testid=worklist-collector]")).ToHaveTextAsync("liu.yang");

        // The customer's timeline shows what dunning did and the call just recorded.
        await GotoAsync(page, $"/customers/{Uri.EscapeDataString(first)}?tab=collections");
        await Expect(page.Locator("[data-testid=timeline-row]").First).ToBeVisibleAsync();
    });

    [Fact]
    public Task CreditAlerts_AreRaised_Acknowledged_AndClosedWithANote() => WithPageAsync("alerts", async page =>
    {
        await SignInAsync(page, "manager");
        await GotoAsync(page, "/credit/alerts");
        await InteractiveAsync(page);
        await page.ClickAsync("[data-testid=alerts-run]");
        // The inbox is drawn again once the run is done (the server ran it at start: nothing new now).
        await Expect(page.GetByText("new alert(s)")).ToBeVisibleAsync();
        var rows = page.Locator("[data-testid=alert-row]");
        await Expect(rows.First).ToBeVisibleAsync();
        var count = await rows.CountAsync();
        var acknowledged = page.Locator("[data-testid=alert-row]:has(td:text-is('Acknowledged'))");
        var seen = await acknowledged.CountAsync();
        var row = page.Locator("[data-testid=alert-row]:has([data-testid=alert-acknowledge])").First;
        var customer = (await row.Locator("a").InnerTextAsync()).Trim();
        await row.Locator("[data-testid=alert-acknowledge]").ClickAsync();
        await Expect(acknowledged).ToHaveCountAsync(seen + 1);
        // Given to a colleague (an unknown name is refused), then closed with what was done.
        await acknowledged.First.Locator("[data-testid=alert-assign]").ClickAsync();
        await page.GetByLabel("Give to (user name)").FillAsync("nobody-here");
        await page.ClickAsync("[data-testid=alert-assign-confirm]");
        await Expect(page.GetByText("nobody-here")).ToBeVisibleAsync();
        await page.GetByLabel("Give to (user name)").FillAsync("clerk");
        await page.ClickAsync("[data-testid=alert-assign-confirm]");
        await Expect(acknowledged.First.Locator("td").Nth(5)).ToHaveTextAsync("clerk");
        await acknowledged.First.Locator("[data-testid=alert-close]").ClickAsync();
        await page.GetByLabel("What was done").FillAsync("Spoke to the customer's finance director");
        await page.ClickAsync("[data-testid=alert-close-confirm]");
        await Expect(rows).ToHaveCountAsync(count - 1);
        // The customer's credit tab and the dashboard show the alerts too.
        await GotoAsync(page, $"/customers/{customer}?tab=credit");
        await Expect(page.Locator("[data-testid=alert-table]")).ToBeVisibleAsync();
        await GotoAsync(page, "/");
        await Expect(page.Locator("[data-testid=home-alerts] [data-testid=alert-row]").First).ToBeVisibleAsync();
    });

    [Fact]
    public Task Ageing_AsOfAPastDate_DrillsDownToTheInvoices() => WithPageAsync("ageing", async page =>
    {
        await SignInAsync(page, "manager");
        var asOf = DateOnly.FromDateTime(DateTime.Today).AddDays(-180).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await GotoAsync(page, $"/ageing?asOf={asOf}");
        var cell = page.Locator("[data-testid^='bucket-']").First;
        await cell.WaitForAsync();
        var amount = (await cell.InnerTextAsync()).Trim();
        await cell.ClickAsync();
        var dialog = page.Locator("[data-testid=drill-down]");
        await Expect(dialog.Locator("tbody tr").First).ToBeVisibleAsync();
        await Expect(page.Locator(".mud-dialog-title")).ToContainTextAsync(asOf);
        // The invoices behind the cell add up to it.
        var open = await dialog.Locator("tbody tr td:nth-child(6)").AllInnerTextsAsync();
        Assert.Equal(Money(amount), open.Sum(Money));
    });

    [Fact]
    public Task Import_ShowsTheRowProblems_BeforeAnythingIsWritten() => WithPageAsync("import", async page =>
    {
        await SignInAsync(page, "clerk");
        await GotoAsync(page, "/import");
        var file = Path.Combine(Path.GetTempPath(), $"arflow-import-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file,
            "customer_code,invoice_number,issue_date,amount\n" +
            "NO-SUCH-CUSTOMER,UI-1,2026-01-05,100.00\n" +
            "C00001,UI-2,2026-13-40,100.00\n" +
            "C00001,UI-3,2026-01-05,abc\n");
        try
        {
            await page.SetInputFilesAsync("#import-file", file);
            var problems = page.Locator("[data-testid=import-problems] tbody tr");
            await Expect(problems).ToHaveCountAsync(3);
            var lines = await page.Locator("[data-testid=import-problems] tbody tr td:nth-child(1)").AllInnerTextsAsync();
            Assert.Equal(["2", "3", "4"], lines.Select(l => l.Trim()));
            await Expect(page.Locator("[data-testid=import-summary]")).ToContainTextAsync("3 rows checked, 3 with problems");
            await Expect(page.Locator("[data-testid=import-commit]")).ToBeDisabledAsync();
        }
        finally
        {
            File.Delete(file);
        }
    });

    public static TheoryData<string> Pages => new() { "/", "/customers", "/invoices", "/receipts", "/receipts/new", "/ageing", "/import", "/contracts", "/approvals", "/audit", "/admin/api-keys", "/settings/webhooks", "/settings/credit", "/credit/reviews", "/credit/alerts", "/collections", "/settings/dunning", "/outbox" };

    [Theory]
    [MemberData(nameof(Pages))]
    public Task Page_HasATitle_LabelledInputs_AndVisibleFocus(string path) => WithPageAsync("a11y" + path.Replace('/', '-'), async page =>
    {
        await SignInAsync(page, "admin", path);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.False(string.IsNullOrWhiteSpace(await page.TitleAsync()), "the page has a title");
        var axe = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "rule", Values = ["label", "document-title", "button-name", "link-name", "select-name"] },
        });
        Assert.True(axe.Violations.Length == 0, string.Join("\n", axe.Violations.Select(v => $"{v.Id}: {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}")));

        // Keyboard focus is visible on every stop of the first few tabs (once a table has its rows:
        // drawing them replaces the elements that could have had the focus).
        if (await page.Locator(".mud-table").CountAsync() > 0) await page.Locator(".mud-table tbody tr").First.WaitForAsync();
        await Expect(page.Locator(".mud-table-loading-progress")).ToHaveCountAsync(0);
        await page.Locator("h1").ClickAsync();
        for (var i = 0; i < 4; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>("() => { const e = document.activeElement; return e.tagName + ' ' + (e.getAttribute('aria-label') ?? e.textContent?.trim().slice(0, 30)) + ': ' + getComputedStyle(e).outlineStyle; }");
            if (focused.StartsWith("BODY ", StringComparison.Ordinal)) break; // past the last stop of a short page
            Assert.False(focused.EndsWith(": none", StringComparison.Ordinal), focused);
        }
    });

    [Fact]
    public Task SignInPage_IsAccessible() => WithPageAsync("a11y-sign-in", async page =>
    {
        await page.GotoAsync("/account/sign-in");
        var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "rule", Values = ["label", "document-title", "button-name", "html-has-lang"] } });
        Assert.Empty(axe.Violations);
    });

    /// <summary>The README's two pictures, taken from the real screens in each language (copied to
    /// docs/images/ by hand when the screens change).</summary>
    [Fact]
    public async Task ReadmePictures_ShowTheRealScreens()
    {
        Directory.CreateDirectory(ServerFixture.Screenshots);
        await WithPageAsync("readme-zh", async page =>
        {
            await SignInAsync(page, "auditor");
            await page.Locator("[data-testid=language-menu] button").ClickAsync();
            await page.GetByText("简体中文").ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("应收概览");
            await page.Locator("svg").First.WaitForAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ServerFixture.Screenshots, "dashboard-zh.png") });
            await page.Locator("[data-testid=language-menu] button").ClickAsync();
            await page.GetByText("English").ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Receivables at a glance");
        }, "zh-CN");
        await WithPageAsync("readme-en", async page =>
        {
            await SignInAsync(page, "manager");
            await GotoAsync(page, "/ageing");
            var cell = page.Locator("[data-testid^='bucket-']").Nth(3);
            await cell.ClickAsync();
            await Expect(page.Locator("[data-testid=drill-down] tbody tr").First).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ServerFixture.Screenshots, "ageing-en.png") });
        });
    }

    private static decimal Money(string text) =>
        decimal.Parse(new string(text.Where(c => char.IsDigit(c) || c is '.' or '-').ToArray()), CultureInfo.InvariantCulture);
}
