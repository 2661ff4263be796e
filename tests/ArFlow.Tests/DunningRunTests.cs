using System.Net;
using System.Globalization;
using System.Text.Json.Nodes;
using ArFlow.Data;
using ArFlow.Features.Dunning;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;
using ArFlow.Infrastructure.Outbox;
using ArFlow.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ArFlow.Tests;

/// <summary>The dunning run on both databases: steps chosen and consolidated per customer, disputes
/// held out, each step once however often it runs, catch-up without flooding, reminders worded from
/// the balance when they are sent through a real SMTP server in the contact's language, a refused
/// address turned into the collector's task.</summary>
public abstract class DunningRunTests(Engine engine)
{
    private static async Task SetUpAsync(TestApp app, HttpClient admin)
    {
        await admin.Post("/api/customers", new
        {
            code = "C1", name = "华东贸易有限公司", collector = "k.collector",
            contacts = new[] { new { name = "王经理", email = "wang@c1.test", phone = (string?)null, language = "zh-CN" } },
        });
        await admin.Post("/api/customers", new
        {
            code = "C2", name = "Pacific Trading", contacts = new[] { new { name = "Ann", email = "ann@c2.test", phone = (string?)null, language = "en-US" } },
        });
        await admin.Post("/api/customers", new { code = "C3", name = "No Contact Ltd", collector = "k.collector" });
        // Today is Tuesday 30 June 2026. Standard policy: -7, 0, +7 email; +15 SMS; +30 call; +60 letter; +90 legal.
        async Task Invoice(string customer, string number, string due, decimal amount) =>
            await admin.Post("/api/invoices", new { customerCode = customer, number, issueDate = "2026-04-01", dueDate = due, amount });
        await Invoice("C1", "INV-1", "2026-06-23", 1000m);   // +7
        await Invoice("C1", "INV-2", "2026-07-07", 2000m);   // -7
        await Invoice("C1", "INV-3", "2026-05-31", 3000m);   // +30: a call
        await Invoice("C1", "INV-4", "2026-06-30", 400m);    // due today
        await Invoice("C1", "INV-7", "2026-06-23", 700m);    // disputed in full
        await Invoice("C1", "INV-8", "2026-08-30", 900m);    // nothing yet
        await Invoice("C2", "INV-5", "2026-06-23", 500m);
        await Invoice("C3", "INV-6", "2026-06-23", 600m);
        await admin.Post("/api/disputes", new { customerCode = "C1", invoiceNumber = "INV-7", reason = "quality" });
    }

    private static JsonNode Action(JsonNode run, string customer, string channel) =>
        run["actions"]!.AsArray().Single(a => a!["customerCode"].Str() == customer && a["channel"].Str() == channel)!;

    private static string[] Numbers(JsonNode action) => action["items"]!.AsArray().Select(i => i!["number"].Str()).ToArray();

    [Fact]
    public async Task TheRun_ConsolidatesPerCustomer_HoldsDisputesOut_DoesEachStepOnce_AndCatchesUpWithoutFlooding()
    {
        await using var app = await TestApp.StartAsync(engine);
        var admin = app.Client();
        await SetUpAsync(app, admin);

        var dry = await admin.Post("/api/dunning/run", new { dryRun = true }, 200);
        Assert.True(dry["dryRun"]!.GetValue<bool>());
        var run = await admin.Post("/api/dunning/run", new { }, 200);
        Assert.Equal(dry["actions"]!.ToJsonString(), run["actions"]!.ToJsonString());

        var email = Action(run, "C1", "email");
        Assert.Equal((7, "wang@c1.test", "zh-CN"), (email["step"]!.GetValue<int>(), email["target"].Str(), email["language"].Str()));
        Assert.Equal(["INV-1", "INV-4", "INV-2"], Numbers(email));
        Assert.Equal([7, 0, -7], email["items"]!.AsArray().Select(i => i!["step"]!.GetValue<int>()));
        var call = Action(run, "C1", "call-task");
        Assert.Equal((30, "k.collector"), (call["step"]!.GetValue<int>(), call["assignedTo"].Str()));
        Assert.Equal(("en-US", "ann@c2.test"), (Action(run, "C2", "email")["language"].Str(), Action(run, "C2", "email")["target"].Str()));
        var noEmail = Action(run, "C3", "email");
        Assert.Equal((DunningRun.NoEmail, "k.collector"), (noEmail["task"].Str(), noEmail["assignedTo"].Str()));
        Assert.DoesNotContain(run["actions"]!.AsArray(), a => Numbers(a!).Contains("INV-7") || Numbers(a!).Contains("INV-8"));
        Assert.Equal((3, 6, 2, 2), (run["customers"]!.GetValue<int>(), run["items"]!.GetValue<int>(), run["messages"]!.GetValue<int>(), run["tasks"]!.GetValue<int>()));

        // Again the same day, by hand: nothing twice.
        Assert.Empty((await admin.Post("/api/dunning/run", new { }, 200))["actions"]!.AsArray());
        var record = await admin.Get("/api/dunning/actions?customer=C1");
        Assert.Equal(2, record["total"]!.GetValue<int>());
        Assert.Equal("queued", record["items"]!.AsArray().Single(a => a!["channel"].Str() == "email")!["delivery"]!["state"].Str());
        Assert.Equal("task-open", record["items"]!.AsArray().Single(a => a!["channel"].Str() == "call-task")!["delivery"]!["state"].Str());

        // Sunday 9 August is no working day; Monday the 10th, INV-2 (due 7 July, last at -7) is 34 days late:
        // only its latest due step (+30, a call) happens, not the 0, +7 and +15 it missed.
        app.Time.Advance(TimeSpan.FromDays(40));
        var sunday = await admin.Post("/api/dunning/run", new { }, 200);
        Assert.False(sunday["workingDay"]!.GetValue<bool>());
        app.Time.Advance(TimeSpan.FromDays(1));
        var monday = await admin.Post("/api/dunning/run", new { }, 200);
        var inv2 = monday["actions"]!.AsArray().Where(a => Numbers(a!).Contains("INV-2")).ToList();
        Assert.Equal(30, inv2.Single()!["items"]!.AsArray().Single(i => i!["number"].Str() == "INV-2")!["step"]!.GetValue<int>());

        // A paused customer gets nothing until its pause ends.
        await admin.Put("/api/customers/C2/dunning", new { pausedUntil = "2026-12-31" }, 400);
        await admin.Put("/api/customers/C2/dunning", new { pausedUntil = "2026-12-31", pauseReason = "negotiating a settlement" }, 200);
        app.Time.Advance(TimeSpan.FromDays(21));
        Assert.DoesNotContain((await admin.Post("/api/dunning/run", new { }, 200))["actions"]!.AsArray(), a => a!["customerCode"].Str() == "C2");
    }

    [Fact]
    public async Task Reminders_AreWordedFromTheBalanceWhenSent_InTheContactsLanguage_AndARefusedAddressBecomesATask()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await TestApp.StartAsync(engine);
        app.MailThrough(smtp.Port);
        app.Settings["ArFlow:Dunning:CompanyName"] = "ArFlow 演示公司";
        app.Settings["ArFlow:Dunning:PaymentInstructions:zh-CN"] = "开户行：招商银行上海分行 账号：1219 0000 0000 001";
        app.Settings["ArFlow:Dunning:PaymentInstructions:en-US"] = "Bank: China Merchants Bank Shanghai, account 1219 0000 0000 001";
        var admin = app.Client();
        await SetUpAsync(app, admin);
        await admin.Put("/api/customers/C3", new
        {
            code = "C3", name = "No Contact Ltd", collector = "k.collector",
            contacts = new[] { new { name = "Bob", email = "refused-bob@c3.test", phone = (string?)null, language = "en-US" } },
        }, 200);
        await admin.Post("/api/dunning/run", new { }, 200);
        // Paid in full before the reminder leaves: INV-1 drops out of it.
        await admin.Post("/api/receipts", new { customerCode = "C1", number = "R-1", date = "2026-06-30", amount = 1000m, invoiceNumber = "INV-1" });

        await app.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None);
        var mail = await smtp.WaitForAsync(2);
        var chinese = mail.Single(m => m.To.ToString().Contains("wang@c1.test", StringComparison.Ordinal));
        Assert.Equal("逾期提醒：请尽快付款", chinese.Subject);
        Assert.Contains("王经理，您好", chinese.TextBody, StringComparison.Ordinal);
        Assert.Contains("INV-4", chinese.TextBody, StringComparison.Ordinal);
        Assert.Contains("INV-2", chinese.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("INV-1", chinese.TextBody, StringComparison.Ordinal);
        Assert.Contains("逾期合计：2,400.00 CNY", chinese.TextBody, StringComparison.Ordinal);
        Assert.Contains("招商银行", chinese.TextBody, StringComparison.Ordinal);
        Assert.Contains("ArFlow 演示公司", chinese.TextBody, StringComparison.Ordinal);
        var english = mail.Single(m => m.To.ToString().Contains("ann@c2.test", StringComparison.Ordinal));
        Assert.Equal("Overdue invoices: please pay now", english.Subject);
        Assert.Contains("Dear Ann", english.TextBody, StringComparison.Ordinal);
        Assert.Contains("INV-5  2026-06-23  500.00 CNY  (7)", english.TextBody, StringComparison.Ordinal);

        var record = (await admin.Get("/api/dunning/actions"))["items"]!.AsArray();
        var sent = record.Single(a => a!["customerCode"].Str() == "C1" && a["channel"].Str() == "email")!["delivery"]!;
        Assert.Equal(("sent", "逾期提醒：请尽快付款"), (sent["state"].Str(), sent["subject"].Str()));
        var bounced = record.Single(a => a!["customerCode"].Str() == "C3")!["delivery"]!;
        Assert.Equal("bounced", bounced["state"].Str());
        Assert.StartsWith("550", bounced["answer"].Str(), StringComparison.Ordinal);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ArFlowDbContext>();
            var task = await db.CollectionTasks.Join(db.Customers, t => t.CustomerId, c => c.Id, (t, c) => new { t, c.Code }).SingleAsync(x => x.Code == "C3");
            Assert.Equal((DunningRun.EmailRefused, "k.collector"), (task.t.Reason, task.t.AssignedTo));
            Assert.NotNull((await db.CustomerContacts.SingleAsync(c => c.Email == "refused-bob@c3.test")).EmailRefusedAt);
        }
        // Saving the customer keeps the mark on the same address; a new address starts clean.
        async Task<DateTimeOffset?> RefusedAtAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ArFlowDbContext>();
            return (await db.CustomerContacts.SingleAsync(c => db.Customers.Any(x => x.Id == c.CustomerId && x.Code == "C3"))).EmailRefusedAt;
        }
        await admin.Put("/api/customers/C3", new
        {
            code = "C3", name = "No Contact Ltd", collector = "k.collector",
            contacts = new[] { new { name = "Bob Li", email = "Refused-Bob@c3.test", phone = "+8613700000000", language = "en-US" } },
        }, 200);
        Assert.NotNull(await RefusedAtAsync());
        await admin.Put("/api/customers/C3", new
        {
            code = "C3", name = "No Contact Ltd", collector = "k.collector",
            contacts = new[] { new { name = "Bob Li", email = "bob@c3.test", phone = "+8613700000000", language = "en-US" } },
        }, 200);
        Assert.Null(await RefusedAtAsync());

        // A week later INV-2 falls due and INV-4 is a week late: C1's next reminder is queued, then both are paid
        // before it leaves, so it is withdrawn rather than sent.
        app.Time.Advance(TimeSpan.FromDays(7));
        var next = await admin.Post("/api/dunning/run", new { }, 200);
        Assert.Equal(["INV-4", "INV-2"], Numbers(Action(next, "C1", "email")));
        await admin.Post("/api/receipts", new { customerCode = "C1", number = "R-2", date = "2026-07-07", amount = 2000m, invoiceNumber = "INV-2" });
        await admin.Post("/api/receipts", new { customerCode = "C1", number = "R-3", date = "2026-07-07", amount = 400m, invoiceNumber = "INV-4" });
        await app.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None);
        var latest = (await admin.Get("/api/dunning/actions?customer=C1"))["items"]![0]!["delivery"]!;
        Assert.Equal(("withdrawn", DunningMessages.NothingDue), (latest["state"].Str(), latest["answer"].Str()));
        Assert.Equal(2, (await smtp.WaitForAsync(2)).Count);

        // The outbox shows the same states, the words as sent and every attempt.
        var outboxSent = (await admin.Get("/api/outbox?state=sent&customer=C1"))["items"]!.AsArray().Single()!;
        Assert.Contains("INV-4", outboxSent["body"].Str(), StringComparison.Ordinal);
        Assert.Equal(("email", "wang@c1.test", "C1"), (outboxSent["channel"].Str(), outboxSent["target"].Str(), outboxSent["customerCode"].Str()));
        var outboxBounced = (await admin.Get("/api/outbox?state=bounced"))["items"]!.AsArray().Single()!;
        Assert.StartsWith("550", outboxBounced["log"]![0]!["result"].Str(), StringComparison.Ordinal);
        Assert.Equal("C1", (await admin.Get("/api/outbox?state=withdrawn"))["items"]![0]!["customerCode"].Str());
        await admin.Post($"/api/outbox/{outboxBounced["id"]}/retry", new { }, 409);
    }

    [Fact]
    public async Task AFormalReminder_CarriesThePdfLetter_InTheContactsLanguage()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await TestApp.StartAsync(engine);
        app.MailThrough(smtp.Port);
        app.Settings["ArFlow:Dunning:CompanyName"] = "上海演示实业有限公司";
        var admin = app.Client();
        await admin.Post("/api/customers", new { code = "L1", name = "华东贸易有限公司", contacts = new[] { new { name = "王经理", email = "wang@l1.test", phone = (string?)null, language = "zh-CN" } } });
        await admin.Post("/api/customers", new { code = "L2", name = "Pacific Trading", contacts = new[] { new { name = "Ann", email = "ann@l2.test", phone = (string?)null, language = "en-US" } } });
        // Due 30 April: on 30 June, 61 days late, the +60 step — an email with the formal letter.
        await admin.Post("/api/invoices", new { customerCode = "L1", number = "INV-L1", issueDate = "2026-03-01", dueDate = "2026-04-30", amount = 88_000m });
        await admin.Post("/api/invoices", new { customerCode = "L2", number = "INV-L2", issueDate = "2026-03-01", dueDate = "2026-04-30", amount = 5_000m });
        var run = await admin.Post("/api/dunning/run", new { }, 200);
        Assert.All(run["actions"]!.AsArray(), a => Assert.Equal(60, a!["step"]!.GetValue<int>()));
        await app.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None);
        var mail = await smtp.WaitForAsync(2);

        static string PdfText(MimeKit.MimeMessage m)
        {
            var part = Assert.Single(m.Attachments.OfType<MimeKit.MimePart>());
            Assert.Equal("application/pdf", part.ContentType.MimeType);
            using var bytes = new MemoryStream();
            part.Content!.DecodeTo(bytes);
            using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes.ToArray());
            // NFKC: the font maps a few glyphs shared with the Kangxi radicals (⽇) to those code points in the PDF's text layer.
            return string.Concat(pdf.GetPages().Select(p => string.Concat(p.Letters.Select(l => l.Value)))).Normalize(System.Text.NormalizationForm.FormKC);
        }
        var chinese = PdfText(mail.Single(m => m.To.ToString().Contains("wang@l1.test", StringComparison.Ordinal)));
        foreach (var expected in new[] { "催款函", "华东贸易有限公司", "INV-L1", "2026-04-30", "61", "88,000.00CNY", "逾期合计:88,000.00CNY", "上海演示实业有限公司" })
            Assert.Contains(expected, chinese.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var english = PdfText(mail.Single(m => m.To.ToString().Contains("ann@l2.test", StringComparison.Ordinal)));
        foreach (var expected in new[] { "Formalpaymentdemand", "PacificTrading", "INV-L2", "Totaloverdue:5,000.00CNY" })
            Assert.Contains(expected, english.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);

        // A customer without an address: the formal email becomes a task, and the task offers the letter to post.
        await admin.Post("/api/customers", new { code = "L3", name = "无邮箱贸易有限公司" });
        await admin.Post("/api/invoices", new { customerCode = "L3", number = "INV-L3", issueDate = "2026-03-01", dueDate = "2026-04-30", amount = 7_000m });
        await admin.Post("/api/dunning/run", new { }, 200);
        var task = (await admin.Get("/api/collection-tasks?customer=L3"))["items"]!.AsArray().Single()!;
        Assert.Equal(DunningRun.NoEmail, task["reason"].Str());
        var url = $"/api/dunning/actions/{task["dunningActionId"]}/letter";
        var response = await admin.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(("application/pdf", HttpStatusCode.OK), (response.Content.Headers.ContentType?.MediaType, response.StatusCode));
        using (var pdf = UglyToad.PdfPig.PdfDocument.Open(await response.Content.ReadAsByteArrayAsync()))
            Assert.Contains("INV-L3", string.Concat(pdf.GetPages().Select(p => p.Text)), StringComparison.Ordinal);
        await admin.Post("/api/receipts", new { customerCode = "L3", number = "R-L3", date = "2026-06-30", amount = 7_000m, invoiceNumber = "INV-L3" });
        Assert.Equal("dunning.withdrawn.nothing_due", (await admin.Get(url, 409))["code"].Str());
        await admin.Get("/api/dunning/actions/999999/letter", 404);
        await app.Client(asUser: "other.collector", role: "Collector").Get(url, 404);
    }

    [Fact]
    public async Task BadPolicies_AreRefusedNamingTheField_AndAChangeAppliesToOpenInvoices()
    {
        await using var app = await TestApp.StartAsync(engine);
        var admin = app.Client();
        await SetUpAsync(app, admin);
        var current = await admin.Get("/api/dunning/policies");
        Assert.Equal(0, current["version"]!.GetValue<int>());
        var value = current["value"]!.DeepClone();
        value["policies"]![0]!["steps"]![2]!["templates"]!["en-US"]!["body"] = "{% for i in invoices %}unclosed";
        value["policies"]![0]!["steps"]![3]!["offset"] = 1;
        var bad = await admin.Put("/api/dunning/policies", new { value, version = 0 }, 400);
        Assert.Equal(["value.policies[0].steps[2].templates.en-US.body", "value.policies[0].steps[3].offset"],
            bad["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));

        var partial = await admin.Put("/api/dunning/policies", new { value = new { policies = new[] { new { code = "x", name = "X" } }, @default = "x" }, version = 0 }, 400);
        Assert.Equal(["value.byGrade"], partial["errors"]!.AsObject().Select(e => e.Key));
        partial = await admin.Put("/api/dunning/policies", new { value = new { policies = new[] { new { code = "x", name = "X" } }, @default = "x", byGrade = new { } }, version = 0 }, 400);
        Assert.Equal(["value.policies[0].steps"], partial["errors"]!.AsObject().Select(e => e.Key));
        await admin.Put("/api/dunning/calendar", new { value = new { holidays = new[] { "2026-10-01" } }, version = 0 }, 400);

        // Standard policy without its -7 and 0 steps: the invoices already open follow it at once.
        var fewer = current["value"]!.DeepClone();
        var steps = fewer["policies"]![0]!["steps"]!.AsArray();
        steps.RemoveAt(0);
        steps.RemoveAt(0);
        await admin.Put("/api/dunning/policies", new { value = fewer, version = 0 }, 200);
        await admin.Put("/api/dunning/policies", new { value = fewer, version = 0 }, 409);
        var run = await admin.Post("/api/dunning/run", new { }, 200);
        Assert.Equal(["INV-1"], Numbers(Action(run, "C1", "email")));
    }

    [Fact]
    public async Task APreview_RendersAnUnsavedPolicy_WithARealCustomer_OnTheCalendar()
    {
        await using var app = await TestApp.StartAsync(engine);
        var admin = app.Client();
        await SetUpAsync(app, admin);
        var value = (await admin.Get("/api/dunning/policies"))["value"]!.DeepClone();
        value["policies"]![0]!["steps"]![2]!["templates"]!["en-US"]!["body"] =
            "Dear {{ contact.name }}, {{ invoices[0].number }} is {{ invoices[0].days_overdue }} days late: {{ total }} {{ currency }}.";

        var preview = await admin.Post("/api/dunning/preview", new { policies = value, policy = "standard", customer = "C2" }, 200);
        Assert.Equal(("C2", "INV-5", "2026-06-23"), (preview["customerCode"].Str(), preview["invoice"]!["number"].Str(), preview["invoice"]!["dueDate"].Str()));
        var steps = preview["steps"]!.AsArray();
        Assert.Equal(["2026-06-16", "2026-06-23", "2026-06-30", "2026-07-08", "2026-07-23", "2026-08-24", "2026-09-21"], steps.Select(s => s!["date"].Str()));
        var seventh = steps[2]!;
        Assert.Equal((7, "email", "ann@c2.test"), (seventh["offset"]!.GetValue<int>(), seventh["channel"].Str(), seventh["target"].Str()));
        Assert.Equal("Dear Ann, INV-5 is 7 days late: 500.00 CNY.", seventh["messages"]!["en-US"]!["body"].Str());
        Assert.Contains("INV-5", seventh["messages"]!["zh-CN"]!["body"].Str(), StringComparison.Ordinal);
        Assert.Null(steps[4]!["target"]);   // +30: a call for the collector
        // Nothing was saved.
        Assert.Equal(0, (await admin.Get("/api/dunning/policies"))["version"]!.GetValue<int>());

        // Without a customer: the first with something open; a due date moved onto the Mid-Autumn holiday.
        var moved = await admin.Post("/api/dunning/preview", new { policy = "standard", dueDate = "2026-09-25" }, 200);
        Assert.Equal(("C1", "INV-3"), (moved["customerCode"].Str(), moved["invoice"]!["number"].Str()));
        Assert.Equal("2026-09-28", moved["steps"]![1]!["date"].Str());

        value["policies"]![0]!["steps"]![2]!["templates"]!["en-US"]!["body"] = "{% if total %}unclosed";
        var bad = await admin.Post("/api/dunning/preview", new { policies = value, policy = "standard" }, 400);
        Assert.Equal(["policies[0].steps[2].templates.en-US.body"], bad["errors"]!.AsObject().Select(e => e.Key));
        var unknown = await admin.Post("/api/dunning/preview", new { policy = "standard", customer = "NOPE" }, 400);
        Assert.Equal(["customer"], unknown["errors"]!.AsObject().Select(e => e.Key));
        await admin.Post("/api/dunning/preview", new { policy = "gentle" }, 400);
    }

    [Fact]
    public async Task TheScheduledRun_KeepsTheCompanysClock_NotUtc()
    {
        await using var app = await TestApp.StartAsync(engine);
        app.Settings["ArFlow:Dunning:RunAt"] = "07:00";
        var admin = app.Client();
        await admin.Post("/api/customers", new { code = "Z1", name = "Zone", contacts = new[] { new { name = "A", email = "a@z1.test", phone = (string?)null, language = "zh-CN" } } });
        // Due Wednesday 8 July: the −7 step falls on Wednesday 1 July.
        await admin.Post("/api/invoices", new { customerCode = "Z1", number = "Z-1", issueDate = "2026-05-01", dueDate = "2026-07-08", amount = 100m });
        async Task<DunningRunResult?> Scheduled()
        {
            await using var scope = app.Services.CreateAsyncScope();
            var s = scope.ServiceProvider;
            return await DunningRun.RunScheduledAsync(s.GetRequiredService<ArFlowDbContext>(), s.GetRequiredService<Clock>(), s.GetRequiredService<ArFlowOptions>(), CancellationToken.None);
        }
        // 02:00Z = 10:00 on 30 June in Shanghai: the day's run, with nothing due yet; then not again that day.
        var first = await Scheduled();
        Assert.Equal((new DateOnly(2026, 6, 30), 0), (first!.Date, first.Actions.Count));
        Assert.Null(await Scheduled());
        // 22:30Z on 30 June is 06:30 on 1 July in Shanghai: a new day there, but before its 07:00 run time.
        app.Time.Advance(TimeSpan.FromHours(20.5));
        Assert.Null(await Scheduled());
        // 23:30Z, still 30 June in UTC, is 07:30 on 1 July in Shanghai: 1 July's run does the −7 step.
        app.Time.Advance(TimeSpan.FromHours(1));
        var run = await Scheduled();
        Assert.Equal((new DateOnly(2026, 7, 1), -7), (run!.Date, run.Actions.Single().Step));
        Assert.Null(await Scheduled());
    }

    [Fact]
    public async Task TheCommandLine_ListsWhatItWouldDo_AndRefusesABadDate()
    {
        await using var app = await TestApp.StartAsync(engine);
        await SetUpAsync(app, app.Client());
        var env = new Dictionary<string, string> { ["ArFlow__Database"] = app.Database.ConnectionString };
        var bad = await CliRunner.RunAsync(["dunning", "run", "--date", "2026-02-30", "--format", "json"], env);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--date", bad.Stdout + bad.Stderr, StringComparison.Ordinal);
        var dry = await CliRunner.RunAsync(["dunning", "run", "--date", "2026-06-30", "--dry-run", "--format", "json"], env);
        Assert.Equal(0, dry.ExitCode);
        var result = JsonNode.Parse(dry.Stdout)!;
        Assert.Equal(4, result["actions"]!.AsArray().Count);
        var text = await CliRunner.RunAsync(["dunning", "run", "--date", "2026-06-30", "--dry-run", "--lang", "en-US"], env);
        Assert.Contains("Dry run 2026-06-30 (nothing was done): 3 customers, 6 invoices, 2 messages, 2 tasks.", text.Stdout, StringComparison.Ordinal);
        var holiday = await CliRunner.RunAsync(["dunning", "run", "--date", "2026-10-01", "--lang", "zh-CN"], env);
        Assert.Contains("2026-10-01 不是工作日", holiday.Stdout, StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<ArFlowDbContext>().DunningActions.CountAsync());
    }
}

public sealed class SqliteDunningRunTests() : DunningRunTests(Engine.Sqlite);

public sealed class PostgresDunningRunTests() : DunningRunTests(Engine.Postgres)
{
    [Fact]
    public async Task TwoInstances_RunTheDailyDunningOnce()
    {
        await using var first = await TestApp.StartAsync(Engine.Postgres);
        await using var second = first.Beside();
        var admin = first.Client();
        await admin.Post("/api/customers", new { code = "C1", name = "One", contacts = new[] { new { name = "A", email = "a@c1.test", phone = (string?)null, language = "zh-CN" } } });
        for (var i = 0; i < 50; i++)
            await admin.Post("/api/invoices", new { customerCode = "C1", number = $"INV-{i}", issueDate = "2026-04-01", dueDate = "2026-06-23", amount = 100m });
        _ = second.Client(); // started
        // 02:00Z is 10:00 in Shanghai, after the 09:00 run time: both instances' jobs find it due at once.
        async Task<DunningRunResult?> RunOn(TestApp app)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var s = scope.ServiceProvider;
            return await DunningRun.RunScheduledAsync(s.GetRequiredService<ArFlowDbContext>(), s.GetRequiredService<Clock>(), s.GetRequiredService<ArFlowOptions>(), CancellationToken.None);
        }
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => RunOn(i % 2 == 0 ? first : second))));
        Assert.Single(results, r => r is not null);
        await using var check = first.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<ArFlowDbContext>();
        Assert.Equal(50, await db.DunningActionItems.CountAsync());
        Assert.Equal(1, await db.Outbox.CountAsync(m => m.Topic == DunningRun.Topic));
    }
}
