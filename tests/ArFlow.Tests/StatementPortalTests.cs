using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ArFlow.Data;
using ArFlow.Domain.Statements;
using ArFlow.Infrastructure.Access;
using ArFlow.Infrastructure.Outbox;
using ArFlow.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using SkiaSharp;

namespace ArFlow.Tests;

/// <summary>Statements of account and the customer portal on both databases: issued and emailed
/// through a real SMTP server with the PDF (read back, rendered to PNG by poppler, its QR code read by
/// zbar), confirmed with a drawn signature into a sealed, write-once archive, disputed line by line
/// into dispute records; the link's security (tampered, expired, revoked, another customer's lines,
/// the person's scope, the rate limit); the monthly run once per month; the archive's export.</summary>
public abstract class StatementPortalTests(Engine engine)
{
    private static async Task<TestApp> StartAsync(Engine engine, SmtpServer? smtp = null)
    {
        var app = await TestApp.StartAsync(engine);
        app.Settings["ArFlow:Dunning:CompanyName"] = "上海演示实业有限公司";
        app.Settings["ArFlow:PublicUrl"] = "https://ar.example.com";
        if (smtp is not null) app.MailThrough(smtp.Port);
        return app;
    }

    /// <summary>C1 (Chinese contact, collector k.collector): two invoices in June, one paid; C2 another customer with one invoice.</summary>
    private static async Task SetUpAsync(HttpClient admin)
    {
        await admin.Post("/api/customers", new
        {
            code = "C1", name = "华东贸易有限公司", collector = "k.collector",
            contacts = new[] { new { name = "王经理", email = "wang@c1.test", phone = (string?)null, language = "zh-CN" } },
        });
        await admin.Post("/api/customers", new { code = "C2", name = "Pacific Trading", contacts = new[] { new { name = "Ann", email = "ann@c2.test", phone = (string?)null, language = "en-US" } } });
        await admin.Post("/api/invoices", new { customerCode = "C1", number = "INV-A", issueDate = "2026-05-20", dueDate = "2026-06-19", amount = 12_000m });
        await admin.Post("/api/invoices", new { customerCode = "C1", number = "INV-B", issueDate = "2026-06-10", dueDate = "2026-07-10", amount = 3_456.78m });
        await admin.Post("/api/receipts", new { customerCode = "C1", number = "R-1", date = "2026-06-25", amount = 2_000m, invoiceNumber = "INV-A" });
        await admin.Post("/api/invoices", new { customerCode = "C2", number = "INV-Z", issueDate = "2026-06-01", dueDate = "2026-07-01", amount = 500m });
    }

    private static string TokenOf(JsonNode issued) => issued["portalLink"].Str().Split("/portal/")[1];

    private static async Task<long> DocumentIdAsync(TestApp app, string number)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ArFlowDbContext>().Documents.Where(d => d.Number == number).Select(d => d.Id).SingleAsync();
    }

    /// <summary>A signature as someone would draw it: a few strokes on a transparent canvas.</summary>
    internal static byte[] DrawnSignature()
    {
        using var bitmap = new SKBitmap(400, 120);
        using (var canvas = new SKCanvas(bitmap))
        using (var pen = new SKPaint { Color = SKColors.Black, StrokeWidth = 3, IsAntialias = true, Style = SKPaintStyle.Stroke })
        {
            canvas.Clear(SKColors.Transparent);
            canvas.DrawLine(20, 90, 120, 20, pen);
            canvas.DrawLine(120, 20, 200, 100, pen);
            canvas.DrawLine(200, 100, 380, 30, pen);
        }
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    private static byte[] Blank()
    {
        using var bitmap = new SKBitmap(400, 120);
        bitmap.Erase(SKColors.Transparent);
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    internal static string PdfText(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        // NFKC: the font maps a few glyphs shared with the Kangxi radicals to those code points in the text layer.
        return string.Concat(document.GetPages().Select(p => string.Concat(p.Letters.Select(l => l.Value)))).Normalize(System.Text.NormalizationForm.FormKC).Replace(" ", "", StringComparison.Ordinal);
    }

    private static async Task<string> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {arguments}: exit {process.ExitCode} {await process.StandardError.ReadToEndAsync()}");
        return output;
    }

    [Fact]
    public async Task AnIssuedStatement_IsEmailedWithItsPdf_WhoseQrOpensThePortal_WhereTheBalanceIsConfirmedWithASignature()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await StartAsync(engine, smtp);
        var admin = app.Client();
        await SetUpAsync(admin);

        var issued = await admin.Post("/api/statements/issue", new { customer = "C1", from = "2026-06-01", to = "2026-06-30", send = true });
        Assert.Equal(("zh-CN", "wang@c1.test"), (issued["language"].Str(), issued["sentTo"].Str()));
        Assert.Equal(13_456.78m, issued["balances"]![0]!["closing"].Dec());
        Assert.StartsWith("https://ar.example.com/portal/", issued["portalLink"].Str(), StringComparison.Ordinal);
        await app.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None);
        var mail = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Contains(issued["portalLink"].Str(), mail.TextBody, StringComparison.Ordinal);
        var part = Assert.Single(mail.Attachments.OfType<MimeKit.MimePart>());
        using var bytes = new MemoryStream();
        part.Content!.DecodeTo(bytes);
        var pdf = bytes.ToArray();
        Assert.Equal(issued["pdfSha256"].Str(), Convert.ToHexStringLower(SHA256.HashData(pdf)));

        // The text layer: Chinese and figures as drawn.
        var text = PdfText(pdf);
        foreach (var expected in new[] { "对账单", "上海演示实业有限公司", "华东贸易有限公司", "INV-A", "INV-B", "R-1", "13,456.78", "期末余额", "未清项目", "11", issued["number"].Str() })
            Assert.Contains(expected, text, StringComparison.Ordinal);

        // The first page as an image (poppler), and the QR code on it read back (zbar): the portal link.
        var dir = Directory.CreateTempSubdirectory("arflow-statement-");
        try
        {
            var file = Path.Combine(dir.FullName, "statement.pdf");
            await File.WriteAllBytesAsync(file, pdf);
            await RunAsync("pdftoppm", $"-png -r 150 -f 1 -l 1 -singlefile \"{file}\" \"{Path.Combine(dir.FullName, "page")}\"");
            var png = Path.Combine(dir.FullName, "page.png");
            using (var page = SKBitmap.Decode(png))
            {
                Assert.Equal(1240, page.Width); // A4 at 150 dpi
                Assert.InRange(page.Height, 1754, 1755);
                var dark = 0;
                for (var y = 0; y < page.Height; y += 4)
                    for (var x = 0; x < page.Width; x += 4)
                        if (page.GetPixel(x, y).Red < 100) dark++;
                Assert.InRange(dark, 500, 60_000);
            }
            var qr = await RunAsync("zbarimg", $"--quiet --raw \"{png}\"");
            Assert.Equal(issued["portalLink"].Str(), qr.Trim());
        }
        finally
        {
            dir.Delete(recursive: true);
        }

        // The portal, with no account: the statement as issued and the PDF as sent.
        var visitor = app.Client(asUser: null);
        visitor.DefaultRequestHeaders.UserAgent.ParseAdd("PortalTest/1.0");
        var token = TokenOf(issued);
        var view = await visitor.Get($"/api/portal/{token}");
        Assert.Equal(("issued", 13_456.78m), (view["status"].Str(), view["balances"]![0]!["closing"].Dec()));
        Assert.Equal(["INV-A", "INV-B"], view["statement"]!["currencies"]![0]!["openItems"]!.AsArray().Select(o => o!["number"].Str()));
        Assert.Equal(pdf, await visitor.GetByteArrayAsync(new Uri($"/portal/{token}/statement.pdf", UriKind.Relative)));

        // Confirming needs a name, a position and a drawn signature.
        var refused = await visitor.Post($"/api/portal/{token}/confirm", new { name = "", position = "财务经理", signature = Convert.ToBase64String(Blank()) }, 400);
        Assert.Equal(["name", "signature"], refused["codes"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        var signature = DrawnSignature();
        var confirmed = await visitor.Post($"/api/portal/{token}/confirm",
            new { name = "王经理", position = "财务经理", signature = "data:image/png;base64," + Convert.ToBase64String(signature) }, 200);
        Assert.Equal("confirmed", confirmed["kind"].Str());
        Assert.Equal("conflict.statement_confirmed", (await visitor.Post($"/api/portal/{token}/confirm",
            new { name = "王经理", position = "财务经理", signature = Convert.ToBase64String(signature) }, 409))["code"].Str());

        // The archive: the reply with everything it was, its seal recomputed, the signature as drawn.
        var id = issued["id"]!.GetValue<long>();
        var detail = await admin.Get($"/api/statements/archive/{id}");
        Assert.Equal(("confirmed", true), (detail["statement"]!["status"].Str(), detail["pdfMatches"]!.GetValue<bool>()));
        var reply = detail["replies"]!.AsArray().Single()!;
        Assert.Equal(("王经理", "财务经理", "PortalTest/1.0", true), (reply["signerName"].Str(), reply["signerPosition"].Str(), reply["userAgent"].Str(), reply["sealMatches"]!.GetValue<bool>()));
        Assert.False(string.IsNullOrEmpty(reply["ip"].Str()));
        var at = DateTimeOffset.Parse(reply["at"].Str(), CultureInfo.InvariantCulture);
        Assert.Equal(ReplySeal.Compute(new ReplyFacts(issued["number"].Str(), issued["pdfSha256"].Str(), "confirmed", "王经理", "财务经理", signature,
            null, null, null, null, null, at, reply["ip"].Str(), "PortalTest/1.0")), reply["seal"].Str());
        Assert.Equal(signature, await admin.GetByteArrayAsync(new Uri($"/api/statements/archive/{id}/replies/{reply["id"]}/signature", UriKind.Relative)));
        Assert.Equal(pdf, await admin.GetByteArrayAsync(new Uri($"/api/statements/archive/{id}/pdf", UriKind.Relative)));

        // Written once: neither the reply nor the PDF as sent can be changed, and the audit trail has both.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ArFlowDbContext>();
            var row = await db.StatementReplies.SingleAsync();
            row.SignerName = "someone else";
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            db.ChangeTracker.Clear();
            var statement = await db.IssuedStatements.SingleAsync();
            statement.Pdf = [1, 2, 3];
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            db.ChangeTracker.Clear();
            Assert.Equal(1, await db.AuditRecords.CountAsync(a => a.Action == "statement-reply.created" && a.Channel == "portal"));
        }
        var found = (await admin.Get("/api/statements/archive?status=confirmed&q=C1"))["items"]!.AsArray().Single()!;
        Assert.Equal(("sent", "wang@c1.test"), (found["delivery"].Str(), found["sentTo"].Str()));
    }

    [Fact]
    public async Task ALink_OpensOnlyItsOwnStatement_UntilItExpiresOrIsRevoked()
    {
        await using var app = await StartAsync(engine);
        var admin = app.Client();
        await SetUpAsync(admin);
        var issued = await admin.Post("/api/statements/issue", new { customer = "C1", from = "2026-06-01", to = "2026-06-30", language = "en-US" });
        Assert.True(issued["sentTo"] is null);
        var token = TokenOf(issued);
        var visitor = app.Client(asUser: null);

        // Tampered, made up, or nothing like a token: 404, and nothing said about why.
        var tampered = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];
        foreach (var bad in new[] { tampered, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "x" })
            Assert.Equal("portal.unknown_link", (await visitor.Get($"/api/portal/{bad}", 404))["code"].Str());
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(new Uri($"/portal/{tampered}/statement.pdf", UriKind.Relative))).StatusCode);

        // Another customer's invoice cannot be disputed through this link, nor a paid-up one: only this statement's open items.
        foreach (var other in new[] { await DocumentIdAsync(app, "INV-Z"), 999_999L })
        {
            using var form = new MultipartFormDataContent { { new StringContent(other.ToString(CultureInfo.InvariantCulture)), "line" }, { new StringContent("wrong"), "comment" }, { new StringContent("X"), "name" } };
            var response = await visitor.PostAsync(new Uri($"/api/portal/{token}/disputes", UriKind.Relative), form);
            Assert.Equal("portal.not_on_statement", (await response.Json(400))["code"].Str());
        }
        Assert.Equal(0, (await admin.Get("/api/disputes"))["total"]!.GetValue<int>());

        // The page speaks the statement's language.
        var page = await visitor.GetStringAsync(new Uri($"/portal/{token}", UriKind.Relative));
        Assert.Contains("Statement of account", page, StringComparison.Ordinal);
        Assert.Contains("INV-B", page, StringComparison.Ordinal);

        // A collector sees and manages only their customers' statements.
        var collector = app.Client(asUser: "other.collector", role: Roles.Collector);
        await collector.Get($"/api/statements/archive/{issued["id"]}", 404);
        Assert.Equal(0, (await collector.Get("/api/statements/archive"))["total"]!.GetValue<int>());

        // A second link; the first revoked: it no longer opens (410), the second does.
        var second = await admin.Post($"/api/statements/archive/{issued["id"]}/links", new { }, 200);
        var links = (await admin.Get($"/api/statements/archive/{issued["id"]}"))["links"]!.AsArray();
        Assert.Equal(2, links.Count);
        await collector.Post($"/api/statements/links/{links[0]!["id"]}/revoke", new { }, 404);
        var revoke = await admin.PostAsync(new Uri($"/api/statements/links/{links[0]!["id"]}/revoke", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal("portal.revoked", (await visitor.Get($"/api/portal/{token}", 410))["code"].Str());
        await visitor.Get($"/api/portal/{second["url"].Str().Split("/portal/")[1]}");
        var gone = await visitor.GetAsync(new Uri($"/portal/{token}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Contains("withdrawn", await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Thirty days on (ArFlow:Statements:LinkDays), the second has expired.
        app.Time.Advance(TimeSpan.FromDays(30));
        Assert.Equal("portal.expired", (await visitor.Get($"/api/portal/{second["url"].Str().Split("/portal/")[1]}", 410))["code"].Str());
    }

    [Fact]
    public async Task ADisputedLine_OpensADisputeForTheCollector_WithTheFileKept_AndTheBalanceCanNoLongerBeConfirmed()
    {
        await using var app = await StartAsync(engine);
        var admin = app.Client();
        await SetUpAsync(admin);
        var issued = await admin.Post("/api/statements/issue", new { customer = "C1", from = "2026-06-01", to = "2026-06-30" });
        var token = TokenOf(issued);
        var visitor = app.Client(asUser: null);
        var evidence = "送货单 DN-88: 只收到 80%"u8.ToArray();
        using (var form = new MultipartFormDataContent
        {
            { new StringContent((await DocumentIdAsync(app, "INV-B")).ToString(CultureInfo.InvariantCulture)), "line" }, { new StringContent("quantity"), "reason" },
            { new StringContent("只收到 80% 的货"), "comment" }, { new StringContent("李会计"), "name" },
            { new ByteArrayContent(evidence), "file", "delivery-note.txt" },
        })
        {
            var response = await visitor.PostAsync(new Uri($"/api/portal/{token}/disputes", UriKind.Relative), form);
            Assert.Equal(("disputed", "INV-B"), ((await response.Json(200))["kind"].Str(), (await response.Json(200))["disputedNumber"].Str()));
        }
        var dispute = (await admin.Get("/api/disputes?customer=C1"))["items"]!.AsArray().Single()!;
        Assert.Equal(("INV-B", 3_456.78m, "quantity", "k.collector", "只收到 80% 的货"),
            (dispute["invoiceNumber"].Str(), dispute["amount"].Dec(), dispute["reason"].Str(), dispute["owner"].Str(), dispute["note"].Str()));
        Assert.Contains("李会计", dispute["openedBy"].Str(), StringComparison.Ordinal);

        var detail = await admin.Get($"/api/statements/archive/{issued["id"]}");
        var reply = detail["replies"]!.AsArray().Single()!;
        Assert.Equal(("disputed", "delivery-note.txt", true), (reply["kind"].Str(), reply["fileName"].Str(), reply["sealMatches"]!.GetValue<bool>()));
        Assert.Equal(evidence, await admin.GetByteArrayAsync(new Uri($"/api/statements/archive/{issued["id"]}/replies/{reply["id"]}/file", UriKind.Relative)));
        Assert.Equal("conflict.statement_disputed", (await visitor.Post($"/api/portal/{token}/confirm",
            new { name = "李会计", position = "会计", signature = Convert.ToBase64String(DrawnSignature()) }, 409))["code"].Str());
        Assert.Equal("disputed", (await visitor.Get($"/api/portal/{token}"))["status"].Str());
    }

    [Fact]
    public async Task TheMonthlyRun_IssuesEachCustomerOnce_SendingWhereThereIsAnAddress_AndTheArchiveExports()
    {
        await using var app = await StartAsync(engine);
        var admin = app.Client();
        await SetUpAsync(admin);
        await admin.Post("/api/customers", new { code = "C3", name = "无邮箱贸易有限公司" });
        await admin.Post("/api/invoices", new { customerCode = "C3", number = "INV-C3", issueDate = "2026-06-02", dueDate = "2026-07-02", amount = 800m });
        await admin.Post("/api/customers", new { code = "C4", name = "Quiet Ltd" }); // nothing at all: no statement

        var run = await admin.Post("/api/statements/monthly-run", new { month = "2026-06" }, 200);
        Assert.Equal((2, 1, 3), (run["sent"]!.GetValue<int>(), run["toPrint"]!.GetValue<int>(), run["issuedInAll"]!.GetValue<int>()));
        var again = await admin.Post("/api/statements/monthly-run", new { month = "2026-06" }, 200);
        Assert.Equal((0, 0, 3), (again["sent"]!.GetValue<int>(), again["toPrint"]!.GetValue<int>(), again["issuedInAll"]!.GetValue<int>()));
        Assert.Equal("input.invalid_date", (await admin.Post("/api/statements/monthly-run", new { month = "June" }, 400))["code"].Str());
        await app.Client(asUser: "c.clerk", role: Roles.ArClerk).Post("/api/statements/monthly-run", new { month = "2026-06" }, 403);

        var listed = await admin.Get("/api/statements/archive?from=2026-06-01&to=2026-06-30");
        Assert.Equal(["C1", "C2", "C3"], listed["items"]!.AsArray().Select(i => i!["customerCode"].Str()).Order(StringComparer.Ordinal));
        Assert.True(listed["items"]!.AsArray().Single(i => i!["customerCode"].Str() == "C3")!["sentTo"] is null);
        Assert.Equal("queued", listed["items"]!.AsArray().Single(i => i!["customerCode"].Str() == "C2")!["delivery"].Str());
        Assert.Equal("input.invalid_choice", (await admin.Get("/api/statements/archive?status=lost", 400))["code"].Str());

        // The server's own run: on the 1st (MonthlyRunDay) after 09:00 in Shanghai, last month's, once.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var issue = scope.ServiceProvider.GetRequiredService<ArFlow.Features.Statements.IssueStatements>();
            var db = scope.ServiceProvider.GetRequiredService<ArFlowDbContext>();
            Assert.Null(await issue.RunScheduledAsync(db, CancellationToken.None)); // 30 June: not the day
            app.Time.SetUtcNow(new DateTimeOffset(2026, 7, 1, 0, 30, 0, TimeSpan.Zero)); // 08:30 in Shanghai: not yet
            Assert.Null(await issue.RunScheduledAsync(db, CancellationToken.None));
            app.Time.SetUtcNow(new DateTimeOffset(2026, 7, 1, 2, 0, 0, TimeSpan.Zero));
            var scheduled = await issue.RunScheduledAsync(db, CancellationToken.None);
            Assert.Equal(("2026-06", 0, 3), (scheduled!.Month, scheduled.Sent + scheduled.ToPrint, scheduled.IssuedInAll)); // done by hand above
            Assert.Null(await issue.RunScheduledAsync(db, CancellationToken.None));
        }

        var client = app.Client("zh-CN");
        var xlsx = await client.GetByteArrayAsync(new Uri("/api/statements/archive?format=xlsx", UriKind.Relative));
        var rows = MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Contains(rows, r => (string)r["客户编号"] == "C1" && (string)r["客户答复"] == "待答复" && ((string)r["PDF SHA-256"]).Length == 64);
    }

    [Fact]
    public async Task TheStatement_DownloadsAsPdfAndAsAWorkbookOfMovementsAndOpenItems()
    {
        await using var app = await StartAsync(engine);
        var admin = app.Client();
        await SetUpAsync(admin);
        var pdf = await admin.GetByteArrayAsync(new Uri("/api/statements?customer=C1&from=2026-06-01&to=2026-06-30&format=pdf&lang=en-US", UriKind.Relative));
        var text = PdfText(pdf);
        foreach (var expected in new[] { "Statementofaccount", "Openingbalance", "Closingbalance", "13,456.78", "Notyetdue", "INV-B" })
            Assert.Contains(expected, text, StringComparison.Ordinal);
        var xlsx = await admin.GetByteArrayAsync(new Uri("/api/statements?customer=C1&from=2026-06-01&to=2026-06-30&format=xlsx&lang=en-US", UriKind.Relative));
        Assert.Equal(["Statement", "Open items"], MiniExcel.GetSheetNames(new MemoryStream(xlsx)));
        var open = MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true, sheetName: "Open items").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal([("INV-A", 10_000m), ("INV-B", 3_456.78m)], open.Select(r => ((string)r["Number"], Convert.ToDecimal(r["Open"], CultureInfo.InvariantCulture))));
        Assert.Equal("input.invalid_choice", (await admin.Get("/api/statements?customer=C1&from=2026-06-01&to=2026-06-30&format=doc", 400))["code"].Str());
    }
}

public sealed class SqliteStatementPortalTests() : StatementPortalTests(Engine.Sqlite)
{
    [Fact]
    public async Task ThePortal_IsRateLimitedPerLink()
    {
        await using var app = await TestApp.StartAsync(Engine.Sqlite);
        app.Settings["ArFlow:Statements:PortalRequestsPerMinute"] = "5";
        var admin = app.Client();
        await admin.Post("/api/customers", new { code = "C1", name = "One" });
        await admin.Post("/api/invoices", new { customerCode = "C1", number = "INV-1", issueDate = "2026-06-01", dueDate = "2026-07-01", amount = 100m });
        var issued = await admin.Post("/api/statements/issue", new { customer = "C1", from = "2026-06-01", to = "2026-06-30" });
        var visitor = app.Client(asUser: null);
        var token = issued["portalLink"].Str().Split("/portal/")[1];
        for (var i = 0; i < 5; i++) await visitor.Get($"/api/portal/{token}");
        var refused = await visitor.GetAsync(new Uri($"/portal/{token}/statement.pdf", UriKind.Relative));
        Assert.Equal(429, (int)refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
    }
}

public sealed class PostgresStatementPortalTests() : StatementPortalTests(Engine.Postgres);
