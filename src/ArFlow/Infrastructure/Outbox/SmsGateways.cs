using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ArFlow.Infrastructure.Outbox;

/// <summary>Where SMS go: <c>http</c> (any gateway: URL, headers and a Liquid body), <c>twilio</c>,
/// <c>aliyun</c> (阿里云短信), <c>tencent</c> (腾讯云短信). Empty Provider: SMS wait in the outbox.</summary>
public sealed class SmsSettings
{
    public string? Provider { get; set; }
    /// <summary>The gateway's address; for twilio, aliyun and tencent the default public one when empty.</summary>
    public string? Url { get; set; }
    public Dictionary<string, string> Headers { get; set; } = [];
    /// <summary>http: the request body, Liquid with <c>to</c>, <c>text</c>, <c>from</c> and their
    /// JSON (<c>to_json</c>…, with quotes) and URL-encoded (<c>to_url</c>…) forms.</summary>
    public string Body { get; set; } = """{"to": {{ to_json }}, "text": {{ text_json }}}""";
    public string ContentType { get; set; } = "application/json";
    /// <summary>twilio: the account SID; aliyun: the AccessKey ID; tencent: the SecretId.</summary>
    public string? AccountId { get; set; }
    /// <summary>twilio: the auth token; aliyun: the AccessKey secret; tencent: the SecretKey.</summary>
    public string? Secret { get; set; }
    /// <summary>twilio: the sending number; aliyun and tencent: the signature name (签名); http: {{ from }}.</summary>
    public string? From { get; set; }
    /// <summary>aliyun: the approved template's code, whose one variable ${content} receives the text;
    /// tencent: the template ID, whose one variable {1} receives it.</summary>
    public string? TemplateCode { get; set; }
    /// <summary>tencent: the SMS application's SdkAppId.</summary>
    public string? AppId { get; set; }
    /// <summary>aliyun: default cn-hangzhou; tencent: default ap-guangzhou.</summary>
    public string? Region { get; set; }

    public bool Configured => !string.IsNullOrWhiteSpace(Provider);
}

/// <summary>Sends one SMS: the error (null when accepted), what the gateway answered, and whether the
/// gateway refused the number for good (a 4xx other than 408/429, or the provider's own code).</summary>
public static class SmsGateways
{
    public sealed record Outcome(string? Error, string Result, bool Refused);

    public static async Task<Outcome> SendAsync(HttpClient http, SmsSettings settings, string to, string text, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(settings);
        using var request = settings.Provider?.ToLowerInvariant() switch
        {
            "http" => Generic(settings, to, text),
            "twilio" => Twilio(settings, to, text),
            "aliyun" => Aliyun(settings, to, text, now),
            "tencent" => Tencent(settings, to, text, now),
            _ => throw new InvalidOperationException($"Unknown SMS provider '{settings.Provider}' (http, twilio, aliyun, tencent)."),
        };
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var answer = $"HTTP {(int)response.StatusCode} {Cut(body)}".Trim();
        var code = (int)response.StatusCode;
        if (code is >= 400 and < 500 && code is not (408 or 429)) return new(answer, answer, true);
        if (!response.IsSuccessStatusCode) return new(answer, answer, false);
        // Aliyun answers 200 with its own code: OK, or why not (a bad number is for good; a flow limit is not).
        if (settings.Provider!.Equals("aliyun", StringComparison.OrdinalIgnoreCase) && AliyunCode(body) is { } aliyun && aliyun != "OK")
            return new(answer, answer, aliyun is "isv.MOBILE_NUMBER_ILLEGAL" or "isv.MOBILE_COUNT_OVER_LIMIT");
        // Tencent answers 200 too: an Error, or each number's status ("Ok", or why not).
        if (settings.Provider!.Equals("tencent", StringComparison.OrdinalIgnoreCase) && TencentCode(body) is { } tencent && tencent != "Ok")
            return new(answer, answer, tencent is "InvalidParameterValue.IncorrectPhoneNumber" or "FailedOperation.PhoneNumberInBlacklist" or "FailedOperation.PhoneNumberParseFail");
        return new(null, answer, false);
    }

    private static HttpRequestMessage Generic(SmsSettings s, string to, string text)
    {
        var values = new Dictionary<string, object?>
        {
            ["to"] = to, ["text"] = text, ["from"] = s.From,
            ["to_json"] = JsonSerializer.Serialize(to), ["text_json"] = JsonSerializer.Serialize(text), ["from_json"] = JsonSerializer.Serialize(s.From),
            ["to_url"] = Uri.EscapeDataString(to), ["text_url"] = Uri.EscapeDataString(text), ["from_url"] = Uri.EscapeDataString(s.From ?? ""),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, s.Url) { Content = new StringContent(Liquid.Render(s.Body, values), Encoding.UTF8, s.ContentType) };
        foreach (var (name, value) in s.Headers) request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    /// <summary>Twilio's Messages resource: a form POST with Basic authentication.</summary>
    private static HttpRequestMessage Twilio(SmsSettings s, string to, string text)
    {
        var url = $"{(string.IsNullOrWhiteSpace(s.Url) ? "https://api.twilio.com" : s.Url.TrimEnd('/'))}/2010-04-01/Accounts/{s.AccountId}/Messages.json";
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent([new("To", to), new("From", s.From ?? ""), new("Body", text)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{s.AccountId}:{s.Secret}")));
        return request;
    }

    /// <summary>Aliyun's SendSms (RPC style, API version 2017-05-25): the parameters signed with
    /// HMAC-SHA1 over their percent-encoded, sorted form under the AccessKey secret plus "&amp;".</summary>
    private static HttpRequestMessage Aliyun(SmsSettings s, string to, string text, DateTimeOffset now)
    {
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["AccessKeyId"] = s.AccountId ?? "", ["Action"] = "SendSms", ["Format"] = "JSON", ["PhoneNumbers"] = to, ["RegionId"] = s.Region ?? "cn-hangzhou",
            ["SignName"] = s.From ?? "", ["SignatureMethod"] = "HMAC-SHA1", ["SignatureNonce"] = Guid.NewGuid().ToString("N"), ["SignatureVersion"] = "1.0",
            ["TemplateCode"] = s.TemplateCode ?? "", ["TemplateParam"] = JsonSerializer.Serialize(new Dictionary<string, string> { ["content"] = text }),
            ["Timestamp"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), ["Version"] = "2017-05-25",
        };
        var query = string.Join("&", parameters.Select(p => AliyunEncode(p.Key) + "=" + AliyunEncode(p.Value)));
        var signature = AliyunSignature(s.Secret ?? "", "POST", query);
        var url = string.IsNullOrWhiteSpace(s.Url) ? "https://dysmsapi.aliyuncs.com/" : s.Url;
        return new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(query + "&Signature=" + AliyunEncode(signature), Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
    }

    /// <summary>Aliyun's signature: base64(HMAC-SHA1(secret + "&amp;", METHOD &amp; enc("/") &amp; enc(query))).</summary>
    public static string AliyunSignature(string secret, string method, string canonicalQuery)
    {
        var toSign = method + "&" + AliyunEncode("/") + "&" + AliyunEncode(canonicalQuery);
        // The gateway's protocol prescribes HMAC-SHA1 (signature version 1.0); it is not ours to choose.
#pragma warning disable CA5350
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret + "&"), Encoding.UTF8.GetBytes(toSign)));
#pragma warning restore CA5350
    }

    /// <summary>RFC 3986 percent-encoding as Aliyun asks: space as %20, * as %2A, ~ kept.</summary>
    public static string AliyunEncode(string value) => Uri.EscapeDataString(value).Replace("*", "%2A", StringComparison.Ordinal);

    /// <summary>Tencent Cloud's SendSms (API 3.0, version 2021-01-11): a JSON body signed with
    /// TC3-HMAC-SHA256 over the canonical request (content type and host signed).</summary>
    private static HttpRequestMessage Tencent(SmsSettings s, string to, string text, DateTimeOffset now)
    {
        var url = new Uri(string.IsNullOrWhiteSpace(s.Url) ? "https://sms.tencentcloudapi.com/" : s.Url);
        var body = JsonSerializer.Serialize(new
        {
            PhoneNumberSet = new[] { to }, SmsSdkAppId = s.AppId ?? "", SignName = s.From ?? "", TemplateId = s.TemplateCode ?? "", TemplateParamSet = new[] { text },
        });
        const string contentType = "application/json; charset=utf-8";
        var timestamp = now.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("Authorization", TencentAuthorization(s.AccountId ?? "", s.Secret ?? "", url.Authority, contentType, body, timestamp));
        request.Headers.Add("X-TC-Action", "SendSms");
        request.Headers.Add("X-TC-Version", "2021-01-11");
        request.Headers.Add("X-TC-Region", s.Region ?? "ap-guangzhou");
        request.Headers.Add("X-TC-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        return request;
    }

    /// <summary>The TC3-HMAC-SHA256 Authorization header for a POST to "/" of service sms: the signing
    /// key derived from "TC3" + secret through the UTC date, the service and "tc3_request".</summary>
    public static string TencentAuthorization(string secretId, string secretKey, string host, string contentType, string body, long timestamp)
    {
        var date = DateTimeOffset.FromUnixTimeSeconds(timestamp).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var canonical = $"POST\n/\n\ncontent-type:{contentType}\nhost:{host}\n\ncontent-type;host\n{Sha256Hex(body)}";
        var scope = $"{date}/sms/tc3_request";
        var toSign = $"TC3-HMAC-SHA256\n{timestamp.ToString(CultureInfo.InvariantCulture)}\n{scope}\n{Sha256Hex(canonical)}";
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("TC3" + secretKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, "sms"u8);
        key = HMACSHA256.HashData(key, "tc3_request"u8);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        return $"TC3-HMAC-SHA256 Credential={secretId}/{scope}, SignedHeaders=content-type;host, Signature={signature}";
    }

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string? TencentCode(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (!json.RootElement.TryGetProperty("Response", out var response)) return null;
            if (response.TryGetProperty("Error", out var error)) return error.TryGetProperty("Code", out var code) ? code.GetString() : "Error";
            return response.TryGetProperty("SendStatusSet", out var set) && set.ValueKind == JsonValueKind.Array && set.GetArrayLength() > 0
                && set[0].TryGetProperty("Code", out var status) ? status.GetString() : null;
        }
        catch (JsonException) { return null; }
    }

    private static string? AliyunCode(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("Code", out var code) ? code.GetString() : null;
        }
        catch (JsonException) { return null; }
    }

    private static string Cut(string text) => text.Length > 300 ? text[..300] : text;
}
