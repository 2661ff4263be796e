using ArFlow.Data;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Bank;

public sealed record BankStatementDto(
    long Id, string Format, string? StatementId, string Account, string Currency, DateOnly? OpeningDate, decimal? Opening, DateOnly? ClosingDate, decimal? Closing,
    decimal? Discrepancy, int Added, int Duplicates, string FileName, string FileSha256, DateTimeOffset ImportedAt, string ImportedBy);

public sealed record BankLineDto(
    long Id, long StatementId, string Account, DateOnly BookingDate, DateOnly ValueDate, decimal Amount, string Currency, string Details,
    string? CounterpartyName, string? CounterpartyAccount, string? EndToEndId, string? BankReference, bool Reversal);

/// <summary>The imported statements, newest first, and their movements.</summary>
public static class BankStatements
{
    public sealed record Filter(string? Account = null, int? Page = null, int? PageSize = null);

    public sealed record LineFilter(long? Statement = null, string? Account = null, DateOnly? From = null, DateOnly? To = null, bool? CreditsOnly = null, int? Page = null, int? PageSize = null);

    public static async Task<Page<BankStatementDto>> ListAsync(ArFlowDbContext db, Filter f, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        var (skip, take, page, size) = Paging.Normalize(f.Page, f.PageSize);
        var q = db.BankStatements.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Account)) q = q.Where(s => s.Account == f.Account.Trim());
        var rows = await q.OrderByDescending(s => s.Id).Skip(skip).Take(take)
            .Select(s => new BankStatementDto(s.Id, s.Format, s.StatementId, s.Account, s.Currency, s.OpeningDate, s.Opening, s.ClosingDate, s.Closing, s.Discrepancy,
                s.Added, s.Duplicates, s.FileName, s.FileSha256, s.ImportedAt, s.ImportedBy)).ToListAsync(ct);
        return new Page<BankStatementDto>(rows, await q.CountAsync(ct), page, size);
    }

    public static async Task<Page<BankLineDto>> LinesAsync(ArFlowDbContext db, LineFilter f, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        var (skip, take, page, size) = Paging.Normalize(f.Page, f.PageSize);
        var q = db.BankLines.AsNoTracking();
        if (f.Statement is { } id) q = q.Where(l => l.StatementId == id);
        if (!string.IsNullOrWhiteSpace(f.Account)) q = q.Where(l => l.Account == f.Account.Trim());
        if (f.From is { } from) q = q.Where(l => l.BookingDate >= from);
        if (f.To is { } to) q = q.Where(l => l.BookingDate <= to);
        if (f.CreditsOnly == true) q = q.Where(l => l.Amount > 0m);
        var rows = await q.OrderByDescending(l => l.BookingDate).ThenByDescending(l => l.Id).Skip(skip).Take(take)
            .Select(l => new BankLineDto(l.Id, l.StatementId, l.Account, l.BookingDate, l.ValueDate, l.Amount, l.Currency, l.Details,
                l.CounterpartyName, l.CounterpartyAccount, l.EndToEndId, l.BankReference, l.Reversal)).ToListAsync(ct);
        return new Page<BankLineDto>(rows, await q.CountAsync(ct), page, size);
    }
}
