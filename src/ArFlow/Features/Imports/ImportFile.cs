using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using ArFlow.Domain.Money;
using ArFlow.Features.Customers;
using ArFlow.Features.Invoices;
using ArFlow.Features.Ledger;
using ArFlow.Features.Rates;
using ArFlow.Features.Receipts;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;
using M = ArFlow.Domain.Money.Money;

namespace ArFlow.Features.Imports;

/// <summary>A problem with one cell (or a whole row when <see cref="Column"/> is empty).</summary>
public sealed record ImportProblem(int Line, string Column, string Code, string Message);

/// <summary>All or nothing (the default), the valid rows only, or a check that writes nothing.</summary>
public enum ImportMode { AllOrNothing, SkipInvalid, CheckOnly }

public sealed record ImportResult(
    string Kind, int Rows, int Imported, int AlreadyPresent, int Invalid, bool Committed, IReadOnlyList<ImportProblem> Problems);

/// <summary>Imports customers, invoices, receipts or credit notes from CSV or .xlsx in two passes.
/// The first checks every row with the same rules as the API and changes nothing; if any row is
/// invalid nothing is imported (unless skipInvalid). The second writes in batches, one transaction
/// each, so a killed import leaves whole batches; a document whose number the customer already has
/// is skipped, so running the same file again completes it without duplicates.</summary>
public static class ImportFile
{
    public sealed record Progress(string Phase, int Rows);

    /// <summary>What every row's checks share; <see cref="Column"/> maps a field to its column in the file (-1: absent).</summary>
    private sealed record Context(
        IReadOnlyDictionary<string, CustomerRef> Customers, RateTable Rates, ArFlowOptions Options, Clock Clock,
        IReadOnlyDictionary<string, int> Column, IReadOnlyList<string> Header);

    public static async Task<ImportResult> RunAsync(
        ArFlowDbContext db, ImportKind kind, string path, ImportMode mode, ArFlowOptions options, Clock clock,
        IProgress<Progress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        var name = ImportSpec.Name(kind);
        IReadOnlyList<string> header;
        try
        {
            header = TabularFile.Header(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException or InvalidOperationException)
        {
            return Refused(name, new ImportProblem(0, "", ErrorCodes.UnreadableFile, Text.Ui(ErrorCodes.UnreadableFile, e.Message)));
        }
        var fields = ImportSpec.Fields(kind);
        var columnOf = fields.Select(f => header.ToList().FindIndex(f.Matches)).ToArray();
        var missing = fields.Where((f, i) => f.Required && columnOf[i] < 0 && !(kind == ImportKind.Receipts && f.Name == "number")).ToList();
        if (missing.Count > 0)
            return Refused(name, missing.Select(f => new ImportProblem(1, f.Name, ErrorCodes.MissingColumn, Text.Ui(ErrorCodes.MissingColumn, f.Name))).ToArray());

        var customers = await db.Customers.AsNoTracking()
            .Select(c => new CustomerRef(c.Id, c.Code, c.Currency, c.DefaultTerms)).ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, ct);
        var context = new Context(customers, await RateTable.LoadAsync(db, options.Base, null, ct), options, clock,
            fields.Select((f, i) => (f.Name, columnOf[i])).ToDictionary(x => x.Name, x => x.Item2, StringComparer.Ordinal), header);

        // Pass 1: check every row; nothing is written.
        var problems = new List<ImportProblem>();
        var invalidLines = new HashSet<int>();
        var firstSeen = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = 0;
        foreach (var row in TabularFile.Rows(path))
        {
            ct.ThrowIfCancellationRequested();
            rows++;
            var (key, found) = await CheckAsync(db, kind, row, context, ct);
            // A cell that could not be read is reported once, not again as "required" by the rules.
            var errors = found.Where((e, i) => !found.Take(i).Any(earlier => earlier.Field == e.Field)).ToList();
            if (key is not null && errors.Count == 0)
            {
                if (firstSeen.TryGetValue(key, out var first)) errors.Add(new DomainError(ErrorCodes.DuplicateInFile, "number", key.Split('\u0001')[^1], first));
                else firstSeen[key] = row.Line;
            }
            if (errors.Count > 0)
            {
                invalidLines.Add(row.Line);
                problems.AddRange(errors.Select(e => Problem(row.Line, e, context)));
            }
            if (rows % 1000 == 0) progress?.Report(new Progress("validating", rows));
        }
        if (mode == ImportMode.CheckOnly || (problems.Count > 0 && mode == ImportMode.AllOrNothing))
            return new ImportResult(name, rows, 0, 0, invalidLines.Count, false, problems);

        // Pass 2: write the valid rows in batches.
        var (imported, present) = (0, 0);
        var batch = new List<TabularRow>(options.ImportBatchSize);
        var done = 0;
        foreach (var row in TabularFile.Rows(path))
        {
            if (invalidLines.Contains(row.Line)) continue;
            batch.Add(row);
            if (batch.Count < options.ImportBatchSize) continue;
            var (i, p, failed) = await WriteBatchAsync(db, kind, batch, context, ct);
            (imported, present, done) = (imported + i, present + p, done + batch.Count);
            problems.AddRange(failed);
            progress?.Report(new Progress("importing", done));
            batch.Clear();
        }
        if (batch.Count > 0)
        {
            var (i, p, failed) = await WriteBatchAsync(db, kind, batch, context, ct);
            (imported, present) = (imported + i, present + p);
            problems.AddRange(failed);
        }
        return new ImportResult(name, rows, imported, present, problems.Select(p => p.Line).Distinct().Count(), true, problems);
    }

    private static ImportResult Refused(string kind, params ImportProblem[] problems) => new(kind, 0, 0, 0, 0, false, problems);

    /// <summary>Names the column as the file does (金额, not amount), so the user finds it.</summary>
    private static ImportProblem Problem(int line, DomainError e, Context context)
    {
        var column = e.Field is not null && context.Column.TryGetValue(e.Field, out var index) && index >= 0 ? context.Header[index] : e.Field ?? "";
        return new ImportProblem(line, column, e.Code, e.Message());
    }

    private static string? Cell(TabularRow row, Context context, string field)
    {
        var index = context.Column.GetValueOrDefault(field, -1);
        return index >= 0 && index < row.Cells.Length && !string.IsNullOrWhiteSpace(row.Cells[index]) ? row.Cells[index]!.Trim() : null;
    }

    /// <summary>Checks one row; returns its identity in the file (customer + number) and its problems.</summary>
    private static async Task<(string? Key, List<DomainError> Errors)> CheckAsync(ArFlowDbContext db, ImportKind kind, TabularRow row, Context context, CancellationToken ct)
    {
        var errors = new List<DomainError>();
        switch (kind)
        {
            case ImportKind.Customers:
                var customer = CustomerRequest(row, context, errors);
                errors.AddRange(SaveCustomer.Prepare(customer, context.Options.Base).Errors);
                return (customer.Code, errors);
            case ImportKind.Invoices:
                var invoice = InvoiceRequest(row, context, errors);
                errors.AddRange(IssueInvoice.Prepare(invoice, Customer(context, invoice.CustomerCode), context.Rates).Errors);
                return (invoice.CustomerCode + '\u0001' + invoice.Number, errors);
            default:
                var receipt = ReceiptRequest(row, context, errors);
                var customerRef = Customer(context, receipt.CustomerCode);
                var prepared = RecordReceipt.Prepare(receipt, customerRef, context.Rates, DocumentKindOf(kind));
                errors.AddRange(prepared.Errors);
                if (customerRef is not null && receipt.InvoiceNumber is { } invoiceNumber
                    && await db.ItemIdAsync(customerRef.Id, invoiceNumber, [DocumentKind.Invoice, DocumentKind.Charge], ct) is null)
                    errors.Add(new DomainError(ErrorCodes.UnknownDocument, "invoiceNumber", invoiceNumber));
                return (receipt.CustomerCode + '\u0001' + (receipt.Number ?? receipt.Reference), errors);
        }
    }

    private static DocumentKind DocumentKindOf(ImportKind kind) => kind == ImportKind.CreditNotes ? DocumentKind.CreditNote : DocumentKind.Receipt;

    private static CustomerRef? Customer(Context context, string? code) =>
        code is not null && context.Customers.TryGetValue(code, out var c) ? c : null;

    private static SaveCustomer.Request CustomerRequest(TabularRow row, Context c, List<DomainError> errors)
    {
        var contact = Cell(row, c, "contactName") ?? ((Cell(row, c, "email") ?? Cell(row, c, "phone")) is not null ? Cell(row, c, "name") : null);
        return new SaveCustomer.Request(
            Cell(row, c, "code"), Cell(row, c, "name"), Cell(row, c, "taxId"), Cell(row, c, "owner"), Cell(row, c, "collector"),
            Cell(row, c, "grade"), Cells.Amount(Cell(row, c, "creditLimit"), "creditLimit", errors), Cell(row, c, "defaultTerms"),
            Cell(row, c, "currency"), Cell(row, c, "status"),
            contact is null ? null : [new ContactDto(contact, Cell(row, c, "email"), Cell(row, c, "phone"), Cell(row, c, "language"))]);
    }

    private static IssueInvoice.Request InvoiceRequest(TabularRow row, Context c, List<DomainError> errors) => new(
        Cell(row, c, "customerCode"), Cell(row, c, "number"), Cells.Date(Cell(row, c, "issueDate"), "issueDate", errors),
        Cells.Amount(Cell(row, c, "amount"), "amount", errors), Cells.Date(Cell(row, c, "dueDate"), "dueDate", errors),
        Cell(row, c, "currency"), Cell(row, c, "terms"), Cells.Amount(Cell(row, c, "rateToBase"), "rateToBase", errors),
        Cell(row, c, "reference"), Cell(row, c, "memo"));

    private static RecordReceipt.Request ReceiptRequest(TabularRow row, Context c, List<DomainError> errors)
    {
        return new RecordReceipt.Request(
            Cell(row, c, "customerCode"), Cell(row, c, "number"), Cells.Date(Cell(row, c, "date"), "date", errors),
            Cells.Amount(Cell(row, c, "amount"), "amount", errors), Cell(row, c, "currency"), Cell(row, c, "method"),
            Cell(row, c, "reference"), Cells.Date(Cell(row, c, "maturityDate"), "maturityDate", errors),
            Cells.Amount(Cell(row, c, "rateToBase"), "rateToBase", errors), Cell(row, c, "memo"), Cell(row, c, "invoiceNumber"));
    }

    /// <summary>Writes one batch in one transaction; returns (new, already present, rows the ledger
    /// refused). A receipt can pass every check of the first pass and still be refused when it is
    /// posted (it names an invoice in another currency): that row alone is undone and reported.</summary>
    private static async Task<(int Imported, int Present, List<ImportProblem> Failed)> WriteBatchAsync(
        ArFlowDbContext db, ImportKind kind, List<TabularRow> batch, Context context, CancellationToken ct)
    {
        var ignored = new List<DomainError>();
        var failed = new List<ImportProblem>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        (int, int) result;
        switch (kind)
        {
            case ImportKind.Customers:
                result = await WriteCustomersAsync(db, batch.Select(r => (r.Line, CustomerRequest(r, context, ignored))).ToList(), failed, context, ct);
                break;
            case ImportKind.Invoices:
                var rows = batch.Select(r => IssueInvoice.Prepare(InvoiceRequest(r, context, ignored), Customer(context, Cell(r, context, "customerCode")), context.Rates).ValueOrThrow())
                    .Select(p => Opening(p.Document, p.DueDate, context))
                    .ToList();
                var inserted = await BulkLedger.InsertOpeningAsync(db, rows, ct);
                // The bulk path writes past EF's change capture: one audit record names the batch.
                db.Record("document.imported", "document", after: new
                {
                    kind = kind.ToString(), documents = inserted, lines = new[] { batch[0].Line, batch[^1].Line },
                    fromId = rows.Select(r => r.Item1.Id).Min(), toId = rows.Select(r => r.Item1.Id).Max(),
                });
                await db.SaveChangesAsync(ct);
                result = (inserted, rows.Count - inserted);
                break;
            default:
                var (imported, present) = (0, 0);
                foreach (var row in batch)
                {
                    var request = ReceiptRequest(row, context, ignored);
                    var doc = RecordReceipt.Prepare(request, Customer(context, request.CustomerCode), context.Rates, DocumentKindOf(kind)).ValueOrThrow();
                    var posted = await RecordReceipt.PostAsync(db, doc, request, context.Options, context.Clock, ct);
                    if (posted.IsSuccess) imported++;
                    else if (posted.Errors[0].Code == ErrorCodes.DuplicateNumber) present++;
                    else failed.AddRange(posted.Errors.Select(e => Problem(row.Line, e, context)));
                }
                result = (imported, present);
                break;
        }
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return (result.Item1, result.Item2, failed);
    }

    private static (Document, LedgerEntryRow, OpenItem) Opening(Document doc, DateOnly due, Context context)
    {
        doc.CreatedAt = context.Clock.Now;
        var entry = Posting.Opening(doc.Kind, 0, doc.DocumentDate, doc.Amount);
        var baseAmount = new M(doc.Amount, Currency.Parse(doc.Currency)).ConvertTo(context.Options.Base, doc.RateToBase).Amount;
        return (doc,
            new LedgerEntryRow { CustomerId = doc.CustomerId, PostedDate = entry.PostedDate, Currency = doc.Currency, Amount = entry.Amount, BaseAmount = doc.Kind.OpensItem() == ItemSide.Debit ? baseAmount : -baseAmount },
            new OpenItem
            {
                CustomerId = doc.CustomerId, Kind = doc.Kind, Side = doc.Kind.OpensItem()!.Value, Currency = doc.Currency, DocumentDate = doc.DocumentDate,
                DueDate = due, Original = doc.Amount, Open = doc.Amount, RateToBase = doc.RateToBase, OpenBase = baseAmount, OriginalBase = baseAmount,
            });
    }

    private static async Task<(int, int)> WriteCustomersAsync(
        ArFlowDbContext db, List<(int Line, SaveCustomer.Request Request)> rows, List<ImportProblem> failed, Context context, CancellationToken ct)
    {
        var codes = rows.Select(r => r.Request.Code!.Trim()).ToArray();
        var existing = await db.Customers.Include(c => c.Contacts).Where(c => codes.Contains(c.Code)).ToDictionaryAsync(c => c.Code, ct);
        var (created, updated) = (0, 0);
        var statuses = new List<(Domain.Customers.CustomerStatus Before, Customer Customer)>();
        foreach (var (line, request) in rows)
        {
            var incoming = SaveCustomer.Prepare(request, context.Options.Base).ValueOrThrow();
            if (existing.TryGetValue(incoming.Code, out var current))
            {
                // A file cannot raise a credit limit past the approvals: that row is refused and named.
                if ((SaveCustomer.CreditTermsChange(current, incoming, request) ?? SaveCustomer.HoldRelease(current, incoming, request)) is { } refused)
                {
                    failed.Add(Problem(line, refused, context));
                    continue;
                }
                statuses.Add((current.Status, current));
                SaveCustomer.CopyInto(current, incoming, request);
                updated++;
            }
            else
            {
                incoming.CreatedAt = context.Clock.Now;
                db.Customers.Add(incoming);
                created++;
            }
        }
        await db.SaveChangesAsync(ct);
        foreach (var (before, customer) in statuses) await SaveCustomer.AnnounceAsync(db, before, customer, context.Clock, ct);
        return (created, updated);
    }
}
