using System.Globalization;
using System.Text;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Reconciliation;
using ArFlow.Features.Imports;
using MiniExcelLibs;
using Sylvan.Data.Csv;

namespace ArFlow.Features.Bank;

/// <summary>A bank file's bytes to statements: MT940/MT942, CAMT.052/053/054, or a spreadsheet
/// export (CSV in UTF-8 or GBK, .xlsx) read through a column mapping — the one named, else the one
/// (of those given, else the shipped) whose columns the header has. The format is the one named, else what the content shows.</summary>
public static class BankFiles
{
    public static readonly string[] Formats = ["mt940", "camt053", "camt054", "csv", "xlsx", "xls"];

    private static readonly char[] Delimiters = [',', '\t', ';'];

    public static Result<IReadOnlyList<BankStatement>> Read(
        byte[] bytes, string fileName, string? format = null, TabularMapping? mapping = null, IReadOnlyList<TabularMapping>? mappings = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(fileName);
        format ??= Detect(bytes, fileName);
        switch (format)
        {
            case "mt940":
                return Mt940.Parse(Text(bytes));
            case "camt053" or "camt054" or "camt052":
                return Camt.Parse(Text(bytes));
            case "csv" or "xlsx" or "xls":
                var read = Rows(bytes, format);
                if (!read.IsSuccess) return Result<IReadOnlyList<BankStatement>>.Fail(read.Errors);
                var rows = read.Value!;
                mapping ??= TabularMapping.Detect(rows, mappings);
                if (mapping is null) return new DomainError(ErrorCodes.BankUnknownLayout, "mapping", fileName);
                var statement = TabularStatement.Parse(rows, mapping);
                return statement.IsSuccess ? Result<IReadOnlyList<BankStatement>>.Ok([statement.Value!]) : Result<IReadOnlyList<BankStatement>>.Fail(statement.Errors);
            default:
                return new DomainError(ErrorCodes.InvalidEnum, "inputFormat", format, string.Join(", ", Formats));
        }
    }

    /// <summary>The cells of a spreadsheet export (csv, xlsx or xls), row by row, as text.</summary>
    public static Result<IReadOnlyList<IReadOnlyList<string>>> Rows(byte[] bytes, string format)
    {
        try { return format switch { "xlsx" => ExcelRows(bytes), "xls" => LegacyExcelRows(bytes), _ => Result<IReadOnlyList<IReadOnlyList<string>>>.Ok(CsvRows(Text(bytes))) }; }
        catch (Exception ex) when (ex is ExcelDataReader.Exceptions.ExcelReaderException or InvalidDataException or InvalidOperationException)
        {
            return new DomainError(ErrorCodes.BankNoStatement, "file");
        }
    }

    /// <summary>What the bytes are: a ZIP is an .xlsx, an OLE2 compound file a legacy .xls, XML a CAMT
    /// message, ":20:" or a SWIFT block an MT940, anything else CSV.</summary>
    public static string Detect(byte[] bytes, string fileName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes is [0x50, 0x4B, ..]) return "xlsx";
        if (bytes is [0xD0, 0xCF, 0x11, 0xE0, ..]) return "xls";
        var head = Text(bytes.AsSpan(0, Math.Min(bytes.Length, 4096)).ToArray());
        var trimmed = head.TrimStart('\uFEFF', ' ', '\r', '\n', '\t', '\x01');
        if (trimmed.StartsWith('<')) return head.Contains("camt.054", StringComparison.Ordinal) ? "camt054" : "camt053";
        if (trimmed.StartsWith("{1:", StringComparison.Ordinal) || head.Contains(":20:", StringComparison.Ordinal) && head.Contains(":25:", StringComparison.Ordinal)) return "mt940";
        return fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? "xlsx" : "csv";
    }

    /// <summary>UTF-8 (with or without BOM), else GB18030 — Chinese banks' and Excel's CSVs.</summary>
    public static string Text(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var encoding = TabularFile.EncodingOf(bytes, complete: true);
        var text = encoding.GetString(bytes);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    /// <summary>Every row, whatever its width: the separator is the one most used on the lines of the first screen (the title above the header has none).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> CsvRows(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = text.Split('\n').Take(40).ToList();
        var delimiter = Delimiters.OrderByDescending(c => first.Max(l => l.Count(x => x == c))).First();
        // Lax: wallet bills put a tab after a closing quote ("3985734"\t,) — the cell is kept as written.
        using var csv = CsvDataReader.Create(new StringReader(text),
            new CsvDataReaderOptions { HasHeaders = false, Delimiter = delimiter, Culture = CultureInfo.InvariantCulture, CsvStyle = CsvStyle.Lax });
        var rows = new List<IReadOnlyList<string>>();
        while (csv.Read()) rows.Add(Enumerable.Range(0, csv.RowFieldCount).Select(i => csv.GetString(i)).ToList());
        return rows;
    }

    private static List<IReadOnlyList<string>> ExcelRows(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return MiniExcel.Query(stream, useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>()
            .Select(r => (IReadOnlyList<string>)r.Values.Select(Cell).ToList()).ToList();
    }

    /// <summary>The first sheet of a BIFF (Excel 97–2003) workbook, as older bank portals still export.</summary>
    private static List<IReadOnlyList<string>> LegacyExcelRows(byte[] bytes)
    {
        // BIFF names its code page; .NET knows only UTF-8 and Latin-1 without the provider.
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        using var stream = new MemoryStream(bytes);
        using var reader = ExcelDataReader.ExcelReaderFactory.CreateBinaryReader(stream);
        var rows = new List<IReadOnlyList<string>>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Cell(reader.GetValue(i))).ToList());
        return rows;
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
