using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ArFlow.Infrastructure.Outbox;
using ArFlow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ArFlow.Tests;

/// <summary>SMS reminders through each gateway's request format, to a real HTTP server on loopback:
/// the generic one (URL, headers, a Liquid body), Twilio's, Aliyun's and Tencent's (signed); a number the
/// gateway refuses for good becomes the collector's task.</summary>
public sealed class SmsGatewayTests
{
    private static async Task<TestApp> StartAsync(WebhookReceiver gateway, string provider, Action<Dictionary<string, string?>>? more = null)
    {
        var app = await TestApp.StartAsync(Engine.Sqlite);
        app.Settings["ArFlow:Sms:Provider"] = provider;
        app.Settings["ArFlow:Sms:Url"] = gateway.Url;
        app.Settings["ArFlow:Dunning:CompanyName"] = "演示公司";
        more?.Invoke(app.Settings);
        var admin = app.Client();
        await admin.Post("/api/customers", new
        {
            code = "C1", name = "华东贸易", collector = "k.collector",
            contacts = new[] { new { name = "王经理", email = (string?)null, phone = "+8613800138000", language = "zh-CN" } },
        });
        // Due 15 June: on 30 June the +15 step, an SMS.
        await admin.Post("/api/invoices", new { customerCode = "C1", number = "INV-1", issueDate = "2026-05-01", dueDate = "2026-06-15", amount = 1234.5m });
        var run = await admin.Post("/api/dunning/run", new { }, 200);
        Assert.Equal(("sms", "+8613800138000"), (run["actions"]![0]!["channel"].Str(), run["actions"]![0]!["target"].Str()));
        await app.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None);
        return app;
    }

    private const string Text = "【演示公司】华东贸易：贵司有 1 张发票已逾期，合计 1,234.50 CNY，请尽快付款。";

    [Fact]
    public async Task TheGenericGateway_PostsTheConfiguredBody_WithItsHeaders()
    {
        await using var gateway = new WebhookReceiver();
        await using var app = await StartAsync(gateway, "http", s =>
        {
            s["ArFlow:Sms:Headers:X-Api-Token"] = "t0ken";
            s["ArFlow:Sms:Body"] = """{"mobile": {{ to_json }}, "content": {{ text_json }}, "sender": {{ from_json }}}""";
            s["ArFlow:Sms:From"] = "ARFLOW";
        });
        var call = Assert.Single(gateway.Calls);
        Assert.Equal("t0ken", call.Headers["X-Api-Token"]);
        var body = JsonNode.Parse(call.Body)!;
        Assert.Equal(("+8613800138000", Text, "ARFLOW"), (body["mobile"].Str(), body["content"].Str(), body["sender"].Str()));
        var delivery = (await app.Client().Get("/api/dunning/actions"))["items"]![0]!["delivery"]!;
        Assert.Equal("sent", delivery["state"].Str());
    }

    [Fact]
    public async Task Twilio_GetsAFormWithBasicAuthentication()
    {
        await using var gateway = new WebhookReceiver();
        await using var app = await StartAsync(gateway, "twilio", s =>
        {
            s["ArFlow:Sms:AccountId"] = "AC123";
            s["ArFlow:Sms:Secret"] = "secret";
            s["ArFlow:Sms:From"] = "+15005550006";
        });
        var call = Assert.Single(gateway.Calls);
        Assert.Equal("/hooks/2010-04-01/Accounts/AC123/Messages.json", call.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("AC123:secret")), call.Headers["Authorization"]);
        var form = Form(call.Body);
        Assert.Equal(("+8613800138000", "+15005550006", Text), (form["To"], form["From"], form["Body"]));
    }

    [Fact]
    public async Task Aliyun_GetsSendSmsSignedAsItsProtocolSays_AndARefusedNumberBecomesATask()
    {
        await using var gateway = new WebhookReceiver(400);
        await using var app = await StartAsync(gateway, "aliyun", s =>
        {
            s["ArFlow:Sms:AccountId"] = "LTAI-test";
            s["ArFlow:Sms:Secret"] = "test-secret";
            s["ArFlow:Sms:From"] = "演示公司";
            s["ArFlow:Sms:TemplateCode"] = "SMS_100001";
        });
        // The first answer was 400: refused for good, not retried; the collector has a task.
        Assert.Empty(gateway.Calls);
        var bounced = (await app.Client().Get("/api/dunning/actions"))["items"]![0]!["delivery"]!;
        Assert.Equal("bounced", bounced["state"].Str());

        // A second customer's SMS is accepted: the request is SendSms, signed as Aliyun's documentation says.
        gateway.AnswerBody = """{"Code":"OK","Message":"OK","BizId":"9006197469364984^0"}""";
        var admin = app.Client();
        await admin.Post("/api/customers", new { code = "C2", name = "华南", contacts = new[] { new { name = "李", email = (string?)null, phone = "13900139000", language = "zh-CN" } } });
        await admin.Post("/api/invoices", new { customerCode = "C2", number = "INV-2", issueDate = "2026-05-01", dueDate = "2026-06-15", amount = 10m });
        await admin.Post("/api/dunning/run", new { }, 200);
        await app.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None);
        var call = Assert.Single(gateway.Calls);
        var form = Form(call.Body);
        Assert.Equal(("SendSms", "13900139000", "演示公司", "SMS_100001", "2017-05-25"), (form["Action"], form["PhoneNumbers"], form["SignName"], form["TemplateCode"], form["Version"]));
        Assert.Contains("华南", JsonNode.Parse(form["TemplateParam"])!["content"].Str(), StringComparison.Ordinal);
        // Signature: HMAC-SHA1 under secret + "&" of POST&%2F&enc(sorted, percent-encoded parameters), computed here independently.
        static string Enc(string v) => Uri.EscapeDataString(v).Replace("*", "%2A", StringComparison.Ordinal);
        var canonical = string.Join("&", form.Where(p => p.Key != "Signature").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Enc(p.Key) + "=" + Enc(p.Value)));
#pragma warning disable CA5350 // the gateway's protocol
        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes("test-secret&"), Encoding.UTF8.GetBytes("POST&%2F&" + Enc(canonical))));
#pragma warning restore CA5350
        Assert.Equal(expected, form["Signature"]);
        var sent = (await admin.Get("/api/dunning/actions?customer=C2"))["items"]![0]!["delivery"]!;
        Assert.Equal("sent", sent["state"].Str());
    }

    [Fact]
    public async Task Tencent_GetsSendSmsSignedWithTc3_AndAnIncorrectNumberBecomesATask()
    {
        await using var gateway = new WebhookReceiver();
        await using var app = await StartAsync(gateway, "tencent", s =>
        {
            s["ArFlow:Sms:AccountId"] = "AKID-test";
            s["ArFlow:Sms:Secret"] = "tencent-secret";
            s["ArFlow:Sms:From"] = "演示公司";
            s["ArFlow:Sms:TemplateCode"] = "1110";
            s["ArFlow:Sms:AppId"] = "1400006666";
            // Tencent answers 200 and says in the body that the number is wrong: refused for good.
            gateway.AnswerBody = """{"Response":{"SendStatusSet":[{"Code":"InvalidParameterValue.IncorrectPhoneNumber","Message":"incorrect number"}],"RequestId":"r1"}}""";
        });
        Assert.Equal("bounced", (await app.Client().Get("/api/dunning/actions"))["items"]![0]!["delivery"]!["state"].Str());

        gateway.AnswerBody = """{"Response":{"SendStatusSet":[{"Code":"Ok","Message":"send success"}],"RequestId":"r2"}}""";
        var admin = app.Client();
        await admin.Post("/api/customers", new { code = "C2", name = "华南", contacts = new[] { new { name = "李", email = (string?)null, phone = "+8613900139000", language = "zh-CN" } } });
        await admin.Post("/api/invoices", new { customerCode = "C2", number = "INV-2", issueDate = "2026-05-01", dueDate = "2026-06-15", amount = 10m });
        await admin.Post("/api/dunning/run", new { }, 200);
        await app.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None);
        var call = gateway.Calls.Last();
        Assert.Equal(("SendSms", "2021-01-11", "ap-guangzhou"), (call.Headers["X-TC-Action"], call.Headers["X-TC-Version"], call.Headers["X-TC-Region"]));
        var body = JsonNode.Parse(call.Body)!;
        Assert.Equal(("+8613900139000", "1400006666", "演示公司", "1110"),
            (body["PhoneNumberSet"]![0].Str(), body["SmsSdkAppId"].Str(), body["SignName"].Str(), body["TemplateId"].Str()));
        Assert.Contains("华南", body["TemplateParamSet"]![0].Str(), StringComparison.Ordinal);

        // TC3-HMAC-SHA256 as Tencent's documentation describes it, computed here independently.
        var timestamp = long.Parse(call.Headers["X-TC-Timestamp"], System.Globalization.CultureInfo.InvariantCulture);
        var date = DateTimeOffset.FromUnixTimeSeconds(timestamp).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        static string Hex(byte[] b) => Convert.ToHexStringLower(b);
        var host = new Uri(gateway.Url).Authority;
        var canonical = "POST\n/\n\ncontent-type:" + call.Headers["Content-Type"] + "\nhost:" + host + "\n\ncontent-type;host\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(call.Body)));
        var toSign = $"TC3-HMAC-SHA256\n{timestamp}\n{date}/sms/tc3_request\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        var key = new[] { date, "sms", "tc3_request" }.Aggregate(Encoding.UTF8.GetBytes("TC3tencent-secret"), (k, part) => HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(part)));
        Assert.Equal($"TC3-HMAC-SHA256 Credential=AKID-test/{date}/sms/tc3_request, SignedHeaders=content-type;host, Signature={Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)))}",
            call.Headers["Authorization"]);
        Assert.Equal("sent", (await admin.Get("/api/dunning/actions?customer=C2"))["items"]![0]!["delivery"]!["state"].Str());
    }

    private static Dictionary<string, string> Form(string body) =>
        body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
}
