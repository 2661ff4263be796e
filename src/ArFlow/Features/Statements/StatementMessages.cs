using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Statements;

/// <summary>A statement's email carries the PDF exactly as issued; its words were written when it was
/// queued. A hard bounce marks the contact's address refused, as a reminder's does.</summary>
public sealed class StatementMessages(Clock clock) : IOutboxComposer
{
    public bool Handles(OutboxMessage message) => message?.StatementId is not null;

    public async Task<ComposedMessage> ComposeAsync(ArFlowDbContext db, OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(message);
        var statement = await db.IssuedStatements.IgnoreQueryFilters().AsNoTracking().Where(s => s.Id == message.StatementId)
            .Select(s => new { s.Number, s.Pdf }).SingleAsync(ct);
        return new ComposedMessage(message.Subject, message.Body, Attachments: [new MessageAttachment($"statement-{statement.Number}.pdf", "application/pdf", statement.Pdf)]);
    }

    public async Task RefusedAsync(ArFlowDbContext db, OutboxMessage message, string answer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(message);
        var customerId = await db.IssuedStatements.IgnoreQueryFilters().Where(s => s.Id == message.StatementId).Select(s => s.CustomerId).SingleAsync(ct);
        var contacts = await db.CustomerContacts.IgnoreQueryFilters().Where(c => c.CustomerId == customerId).ToListAsync(ct);
        foreach (var c in contacts.Where(c => string.Equals(c.Email?.Trim(), message.Target, StringComparison.OrdinalIgnoreCase)))
            (c.EmailRefusedAt, c.EmailRefusal) = (clock.Now, answer.Length > 500 ? answer[..500] : answer);
        await db.SaveChangesAsync(ct);
    }
}
