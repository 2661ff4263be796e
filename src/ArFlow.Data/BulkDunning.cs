using ArFlow.Data.Configurations;
using ArFlow.Data.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace ArFlow.Data;

/// <summary>What a dunning run writes — its actions, their items, and each action's outbox message or
/// task — past EF: a first run over a large book writes hundreds of thousands of rows. Ids are
/// reserved first so the rows can point at each other. A clash on the (item, step) claim comes out as
/// the <see cref="DbUpdateException"/> EF would raise, so callers treat it the same way.</summary>
public static class BulkDunning
{
    private static readonly BulkWrite.Column<DunningAction>[] ActionColumns =
    [
        new("id", NpgsqlDbType.Bigint, a => a.Id),
        new("customer_id", NpgsqlDbType.Bigint, a => a.CustomerId),
        new("run_date", NpgsqlDbType.Date, a => a.RunDate),
        new("policy", NpgsqlDbType.Text, a => a.Policy),
        new("step_offset", NpgsqlDbType.Integer, a => a.StepOffset),
        new("channel", NpgsqlDbType.Text, a => a.Channel.ToString()),
        new("actor", NpgsqlDbType.Text, a => a.Actor.ToString()),
        new("contact_id", NpgsqlDbType.Bigint, a => a.ContactId),
        new("target", NpgsqlDbType.Text, a => a.Target),
        new("language", NpgsqlDbType.Text, a => a.Language),
        new("created_at", NpgsqlDbType.TimestampTz, a => a.CreatedAt.ToUniversalTime()),
    ];

    private static readonly BulkWrite.Column<DunningActionItem>[] ItemColumns =
    [
        new("id", NpgsqlDbType.Bigint, i => i.Id),
        new("action_id", NpgsqlDbType.Bigint, i => i.ActionId),
        new("item_id", NpgsqlDbType.Bigint, i => i.ItemId),
        new("step_offset", NpgsqlDbType.Integer, i => i.StepOffset),
        new("amount", NpgsqlDbType.Bigint, i => Amounts.ToUnits(i.Amount)),
        new("currency", NpgsqlDbType.Text, i => i.Currency),
    ];

    private static readonly BulkWrite.Column<OutboxMessage>[] MessageColumns =
    [
        new("id", NpgsqlDbType.Bigint, m => m.Id),
        new("channel", NpgsqlDbType.Text, m => m.Channel),
        new("topic", NpgsqlDbType.Text, m => m.Topic),
        new("target", NpgsqlDbType.Text, m => m.Target),
        new("subject", NpgsqlDbType.Text, m => m.Subject),
        new("body", NpgsqlDbType.Text, m => m.Body),
        new("created_at", NpgsqlDbType.TimestampTz, m => m.CreatedAt.ToUniversalTime()),
        new("attempts", NpgsqlDbType.Integer, m => m.Attempts),
        new("next_attempt_at", NpgsqlDbType.TimestampTz, m => m.NextAttemptAt.ToUniversalTime()),
        new("dunning_action_id", NpgsqlDbType.Bigint, m => m.DunningActionId),
        new("bounced", NpgsqlDbType.Boolean, m => m.Bounced),
    ];

    private static readonly BulkWrite.Column<CollectionTask>[] TaskColumns =
    [
        new("id", NpgsqlDbType.Bigint, t => t.Id),
        new("customer_id", NpgsqlDbType.Bigint, t => t.CustomerId),
        new("dunning_action_id", NpgsqlDbType.Bigint, t => t.DunningActionId),
        new("channel", NpgsqlDbType.Text, t => t.Channel.ToString()),
        new("actor", NpgsqlDbType.Text, t => t.Actor.ToString()),
        new("assigned_to", NpgsqlDbType.Text, t => t.AssignedTo),
        new("due_on", NpgsqlDbType.Date, t => t.DueOn),
        new("status", NpgsqlDbType.Text, t => t.Status.ToString()),
        new("reason", NpgsqlDbType.Text, t => t.Reason),
        new("created_at", NpgsqlDbType.TimestampTz, t => t.CreatedAt.ToUniversalTime()),
        new("version", NpgsqlDbType.Integer, t => t.Version),
    ];

    /// <summary>Gives every action, item, message and task its id (actions' items, messages and tasks
    /// pointing at their action by <see cref="DunningAction.Id"/> order in the lists given) and writes
    /// them in the caller's transaction.</summary>
    public static async Task WriteAsync(
        ArFlowDbContext db, IReadOnlyList<DunningAction> actions, IReadOnlyList<OutboxMessage> messages, IReadOnlyList<CollectionTask> tasks, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(tasks);
        var items = actions.SelectMany(a => a.Items).ToList();
        Assign(await BulkWrite.ReserveIdsAsync(db, "dunning_action_items", items.Count, ct), items, (i, id) => i.Id = id);
        Assign(await BulkWrite.ReserveIdsAsync(db, "outbox", messages.Count, ct), messages, (m, id) => m.Id = id);
        Assign(await BulkWrite.ReserveIdsAsync(db, "collection_tasks", tasks.Count, ct), tasks, (t, id) => t.Id = id);
        foreach (var a in actions)
            foreach (var i in a.Items) i.ActionId = a.Id;
        try
        {
            await BulkWrite.InsertAsync(db, "dunning_actions", ActionColumns, actions, ct);
            await BulkWrite.InsertAsync(db, "dunning_action_items", ItemColumns, items, ct);
            await BulkWrite.InsertAsync(db, "outbox", MessageColumns, messages, ct);
            await BulkWrite.InsertAsync(db, "collection_tasks", TaskColumns, tasks, ct);
        }
        catch (Exception ex) when (ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } or SqliteException { SqliteErrorCode: 19 })
        {
            throw new DbUpdateException("A dunning step was claimed by another run.", ex);
        }
    }

    /// <summary>Action ids come first: the caller sets them on the actions' messages and tasks before writing.</summary>
    public static async Task NumberActionsAsync(ArFlowDbContext db, IReadOnlyList<DunningAction> actions, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actions);
        Assign(await BulkWrite.ReserveIdsAsync(db, "dunning_actions", actions.Count, ct), actions, (a, id) => a.Id = id);
    }

    private static void Assign<T>(long[] ids, IReadOnlyList<T> rows, Action<T, long> set)
    {
        for (var i = 0; i < rows.Count; i++) set(rows[i], ids[i]);
    }
}
