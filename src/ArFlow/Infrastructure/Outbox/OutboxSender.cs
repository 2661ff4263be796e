using ArFlow.Data;
using ArFlow.Data.Entities;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace ArFlow.Infrastructure.Outbox;

public static class OutboxChannels
{
    public const string Email = "email";
    public const string Webhook = "webhook";
    public const string Sms = "sms";
}

/// <summary>Sends what the outbox holds once its transaction has committed. Each message is first
/// claimed (its next attempt moved forward where it still has the value this sender read), so two
/// instances never send the same message at once; a failure is retried with growing pauses
/// (30 s, 1 min, 2 min … up to 6 h) and given up after <see cref="MaxAttempts"/>, every attempt
/// kept on the row as the delivery log.</summary>
public sealed class OutboxSender(
    IServiceProvider services, ArFlowOptions options, TimeProvider time, IHttpClientFactory http, IEnumerable<IOutboxComposer> composers,
    ILogger<OutboxSender> log) : BackgroundService
{
    public const int MaxAttempts = 10;
    private static readonly TimeSpan Claim = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // 0: this instance leaves sending to others (and tests send by hand).
        if (options.OutboxPollSeconds <= 0) return;
        // How often it looks is a matter of the machine's clock; what is due, of the business clock.
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.OutboxPollSeconds), TimeProvider.System);
        do
        {
            try { await SendDueAsync(stoppingToken); }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or TimeoutException)
            {
                if (log.IsEnabled(LogLevel.Warning)) log.LogWarning(ex, "Outbox round failed; next round retries");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }

    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArFlowDbContext>();
        var now = time.GetUtcNow();
        var emailOn = !string.IsNullOrWhiteSpace(options.Smtp.Host);
        var smsOn = options.Sms.Configured;
        // The queue is short (the index holds only what is unsent); SQLite cannot compare instants, so
        // the due ones are picked here.
        var due = (await db.Outbox.AsNoTracking()
                // Email and SMS wait in the queue until their server or gateway is configured.
                .Where(m => m.DeliveredAt == null && m.GaveUpAt == null && (emailOn || m.Channel != OutboxChannels.Email) && (smsOn || m.Channel != OutboxChannels.Sms))
                .OrderBy(m => m.Id).ToListAsync(ct))
            .Where(m => m.NextAttemptAt <= now).Take(50).ToList();
        var sent = 0;
        foreach (var message in due)
        {
            // The claim: counting the attempt where nobody counted it yet, and moving the next one out.
            var attempts = message.Attempts + 1;
            var claimed = await db.Outbox.Where(m => m.Id == message.Id && m.Attempts == message.Attempts && m.DeliveredAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, attempts).SetProperty(m => m.NextAttemptAt, now + Claim), ct);
            if (claimed == 0) continue;
            IReadOnlyList<MessageAttachment>? attachments = null;
            if (composers.FirstOrDefault(c => c.Handles(message)) is { } composer)
            {
                var composed = await composer.ComposeAsync(db, message, ct);
                if (composed.WithdrawnBecause is { } why)
                {
                    var withdrawnAt = time.GetUtcNow();
                    await db.Outbox.Where(m => m.Id == message.Id).ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.WithdrawnAt, withdrawnAt).SetProperty(m => m.GaveUpAt, withdrawnAt).SetProperty(m => m.LastError, why), ct);
                    continue;
                }
                // What was sent is what the row keeps.
                (message.Subject, message.Body, attachments) = (composed.Subject, composed.Body ?? "", composed.Attachments);
                await db.Outbox.Where(m => m.Id == message.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Subject, message.Subject).SetProperty(m => m.Body, message.Body), ct);
            }
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var (error, result, refused) = await SendAsync(db, message, attachments, ct);
            var at = time.GetUtcNow();
            await db.Outbox.Where(m => m.Id == message.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.DeliveredAt, error == null ? at : null)
                .SetProperty(m => m.LastError, error == null ? null : error.Length > 2000 ? error[..2000] : error)
                .SetProperty(m => m.Bounced, refused)
                .SetProperty(m => m.GaveUpAt, error != null && (refused || attempts >= MaxAttempts) ? at : null)
                .SetProperty(m => m.NextAttemptAt, at + Backoff(attempts)), ct);
            if (refused && composers.FirstOrDefault(c => c.Handles(message)) is { } told) await told.RefusedAsync(db, message, error!, ct);
            db.OutboxAttempts.Add(new OutboxAttempt
            {
                MessageId = message.Id, At = at, Succeeded = error is null, Result = Cut(error ?? result, 500),
                DurationMs = (int)watch.ElapsedMilliseconds,
            });
            await db.SaveChangesAsync(ct);
            if (error is null) sent++;
            else if (log.IsEnabled(LogLevel.Warning)) log.LogWarning("Outbox message {Id} to {Target} failed (attempt {Attempts}): {Error}", message.Id, message.Target, attempts, error);
        }
        return sent;
    }

    /// <summary>Sends one message: the error, or null and what the other side answered; refused when
    /// the server turned the address down for good (5xx to RCPT TO), which no retry would change.</summary>
    private async Task<(string? Error, string Result, bool Refused)> SendAsync(
        ArFlowDbContext db, OutboxMessage message, IReadOnlyList<MessageAttachment>? attachments, CancellationToken ct)
    {
        try
        {
            switch (message.Channel)
            {
                case OutboxChannels.Email:
                    await SendEmailAsync(message, attachments, ct);
                    return (null, "sent", false);
                case OutboxChannels.Webhook:
                    var (error, result) = await CallWebhookAsync(db, message, ct);
                    return (error, result, false);
                case OutboxChannels.Sms:
                    var sms = await SmsGateways.SendAsync(http.CreateClient(OutboxChannels.Sms), options.Sms, message.Target, message.Body, time.GetUtcNow(), ct);
                    return (sms.Error, sms.Result, sms.Refused);
                default:
                    return ($"Unknown outbox channel {message.Channel}.", "", false);
            }
        }
        catch (SmtpCommandException ex) when (ex.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)ex.StatusCode >= 500)
        {
            return ($"{(int)ex.StatusCode} {ex.Message}", "", true);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or SmtpCommandException or SmtpProtocolException
                                       or AuthenticationException or ParseException or TaskCanceledException or HttpRequestException)
        {
            return (ex.Message, "", false);
        }
    }

    /// <summary>POSTs the event, signed with the subscription's current secret; any 2xx is delivered.</summary>
    private async Task<(string? Error, string Result)> CallWebhookAsync(ArFlowDbContext db, OutboxMessage message, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.AsNoTracking().SingleOrDefaultAsync(w => w.Id == message.SubscriptionId, ct);
        if (subscription is null || !subscription.Active) return ("The subscription was removed or turned off.", "");
        using var request = new HttpRequestMessage(HttpMethod.Post, message.Target)
        {
            Content = new StringContent(message.Body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(subscription.Secret, time.GetUtcNow(), message.Body));
        request.Headers.Add("ArFlow-Event", message.Topic);
        request.Headers.Add("ArFlow-Delivery", message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await http.CreateClient(OutboxChannels.Webhook).SendAsync(request, ct);
        var answer = $"HTTP {(int)response.StatusCode}";
        return response.IsSuccessStatusCode ? (null, answer) : (answer, answer);
    }

    private static string Cut(string text, int length) => text.Length > length ? text[..length] : text;

    /// <summary>30 s doubled per attempt, at most 6 h.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, Math.Max(0, attempts - 1)), 6 * 3600));

    private async Task SendEmailAsync(OutboxMessage message, IReadOnlyList<MessageAttachment>? attachments, CancellationToken ct)
    {
        var smtp = options.Smtp;
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(smtp.From));
        mail.To.Add(MailboxAddress.Parse(message.Target));
        mail.Subject = message.Subject ?? "";
        var text = new TextPart("plain") { Text = message.Body };
        if (attachments is not { Count: > 0 }) mail.Body = text;
        else
        {
            var mixed = new Multipart("mixed") { text };
            foreach (var a in attachments)
                mixed.Add(new MimePart(a.ContentType)
                {
                    Content = new MimeContent(new MemoryStream(a.Content)), ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                    ContentTransferEncoding = ContentEncoding.Base64, FileName = a.FileName,
                });
            mail.Body = mixed;
        }
        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.StartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(smtp.UserName)) await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
        await client.SendAsync(mail, ct);
        await client.DisconnectAsync(true, ct);
    }
}
