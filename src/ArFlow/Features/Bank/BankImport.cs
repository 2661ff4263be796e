using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Reconciliation;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Bank;

/// <summary>One statement of an imported file: what was added, what was there already, and whether it
/// added up (<see cref="Discrepancy"/> non-zero: it did not, and the import says so). <see cref="Id"/>
/// null: every movement was imported before, and nothing was added.</summary>
public sealed record ImportedStatementDto(
    long? Id, string Format, string? StatementId, string Account, string Currency, decimal? Opening, decimal? Closing, decimal? Discrepancy,
    int Lines, int Added, int Duplicates);

public sealed record BankImportResult(string FileName, string Sha256, IReadOnlyList<ImportedStatementDto> Statements, IReadOnlyList<string> Warnings);

/// <summary>Imports a bank file (对账单): read whole first (a file with an unreadable line adds nothing),
/// every movement fingerprinted so that importing the same statement twice — or two exports that overlap
/// — adds each movement once; a statement that does not add up is imported with a warning, or refused
/// when <c>strict</c>.</summary>
public static class BankImport
{
    public static async Task<Result<BankImportResult>> ImportAsync(
        ArFlowDbContext db, byte[] bytes, string fileName, string? format, string? mappingName, bool strict, string by, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(clock);
        var check = new Check();
        format = string.IsNullOrWhiteSpace(format) ? null : format.Trim().ToLowerInvariant();
        if (format is not null && !BankFiles.Formats.Contains(format)) check.Add(ErrorCodes.InvalidEnum, "inputFormat", format, string.Join(", ", BankFiles.Formats));
        var mappings = await BankMappings.AllAsync(db, ct);
        TabularMapping? mapping = null;
        if (!string.IsNullOrWhiteSpace(mappingName))
        {
            mapping = mappings.FirstOrDefault(m => string.Equals(m.Name, mappingName.Trim(), StringComparison.OrdinalIgnoreCase));
            if (mapping is null) check.Add(ErrorCodes.InvalidEnum, "mapping", mappingName, string.Join(", ", mappings.Select(m => m.Name)));
        }
        if (!check.Ok) return Result<BankImportResult>.Fail(check.Errors);
        var read = BankFiles.Read(bytes, fileName, format, mapping, mappings);
        if (!read.IsSuccess) return Result<BankImportResult>.Fail(read.Errors);
        var statements = read.Value!;
        var unbalanced = statements.Select((s, i) => (s, i)).Where(x => !x.s.AddsUp).ToList();
        if (strict && unbalanced.Count > 0)
            return Result<BankImportResult>.Fail(unbalanced.Select(x => new DomainError(ErrorCodes.BankUnbalanced, $"statements[{x.i}]", x.s.Account, x.s.Discrepancy!.Value)).ToList());

        var prints = statements.Select(Fingerprints).ToList();
        var all = prints.SelectMany(p => p).ToList();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in all.Chunk(500))
            known.UnionWith(await db.BankLines.AsNoTracking().Where(l => chunk.Contains(l.Fingerprint)).Select(l => l.Fingerprint).ToListAsync(ct));
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var written = await db.WriteAsync(async () =>
        {
            var result = new List<ImportedStatementDto>();
            for (var i = 0; i < statements.Count; i++)
            {
                var s = statements[i];
                var fresh = s.Lines.Zip(prints[i]).Where(x => !known.Contains(x.Second)).ToList();
                BankStatementRecord? row = null;
                if (fresh.Count > 0 || s.Lines.Count == 0 && !await db.BankStatements.AnyAsync(x => x.FileSha256 == sha, ct))
                {
                    row = new BankStatementRecord
                    {
                        Format = s.Format, StatementId = Cut(s.StatementId, 100), Sequence = Cut(s.Sequence, 40), Account = Cut(s.Account, 100) ?? "", Currency = s.Currency,
                        OpeningDate = s.Opening?.Date, Opening = s.Opening?.Amount, ClosingDate = s.Closing?.Date, Closing = s.Closing?.Amount, Discrepancy = s.Discrepancy,
                        FileName = Cut(fileName, 260) ?? "", FileSha256 = sha, Added = fresh.Count, Duplicates = s.Lines.Count - fresh.Count,
                        ImportedAt = clock.Now, ImportedBy = by,
                    };
                    db.BankStatements.Add(row);
                    await db.SaveChangesAsync(ct);
                    db.BankLines.AddRange(fresh.Select(x => new BankLineRecord
                    {
                        StatementId = row.Id, SourceLine = x.First.SourceLine, Account = row.Account, BookingDate = x.First.BookingDate, ValueDate = x.First.ValueDate,
                        Amount = x.First.Amount, Currency = x.First.Currency, Details = Cut(x.First.Details, 2000) ?? "", CounterpartyName = Cut(x.First.CounterpartyName, 200),
                        CounterpartyAccount = Cut(x.First.CounterpartyAccount, 100), EndToEndId = Cut(x.First.EndToEndId, 100), BankReference = Cut(x.First.BankReference, 100),
                        TypeCode = Cut(x.First.TypeCode, 20), Reversal = x.First.Reversal, Fingerprint = x.Second,
                    }));
                    await db.SaveChangesAsync(ct);
                }
                result.Add(new ImportedStatementDto(row?.Id, s.Format, s.StatementId, s.Account, s.Currency, s.Opening?.Amount, s.Closing?.Amount, s.Discrepancy,
                    s.Lines.Count, fresh.Count, s.Lines.Count - fresh.Count));
            }
            return Result<List<ImportedStatementDto>>.Ok(result);
        }, ct);
        if (!written.IsSuccess) return Result<BankImportResult>.Fail(written.Errors);
        var warnings = unbalanced.Select(x => new DomainError(ErrorCodes.BankUnbalanced, $"statements[{x.i}]", x.s.Account, x.s.Discrepancy!.Value).Line()).ToList();
        return new BankImportResult(fileName, sha, written.Value!, warnings);
    }

    /// <summary>Each movement's fingerprint: what identifies it on its account, and how many identical
    /// movements came before it in the statement (two equal payments on one day are two movements).</summary>
    private static List<string> Fingerprints(BankStatement s)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return s.Lines.Select(l =>
        {
            var key = string.Join('|', s.Account, l.Currency, l.BookingDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture), l.ValueDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
                l.Amount.ToString("0.####", CultureInfo.InvariantCulture), l.EndToEndId, l.BankReference, l.CounterpartyName, l.CounterpartyAccount, l.Details);
            var n = seen[key] = seen.GetValueOrDefault(key) + 1;
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key + "|" + n.ToString(CultureInfo.InvariantCulture))));
        }).ToList();
    }

    private static string? Cut(string? s, int max) => s is null ? null : s.Length > max ? s[..max] : s;
}
