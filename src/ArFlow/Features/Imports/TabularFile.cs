using System.Globalization;
using System.Text;
using MiniExcelLibs;
using Sylvan.Data.Csv;

namespace ArFlow.Features.Imports;

/// <summary>One data row of a file: its line number as a spreadsheet shows it (the header is line 1)
/// and its cells as text.</summary>
public sealed record TabularRow(int Line, string?[] Cells);

/// <summary>Reads CSV (UTF-8 with or without BOM, comma, semicolon or tab separated; GB18030 when the
/// bytes are not UTF-8, as Excel on Chinese Windows saves) and .xlsx, streaming.</summary>
public static class TabularFile
{
    private static readonly char[] Delimiters = ['\t', ',', ';'];

    public static bool IsExcel(string path) => path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<string> Header(string path) => IsExcel(path) ? ExcelHeader(path) : CsvRows(path, header: true).First().Cells.Select(c => c ?? "").ToList();

    public static IEnumerable<TabularRow> Rows(string path) => IsExcel(path) ? ExcelRows(path) : CsvRows(path, header: false);

    private static IEnumerable<TabularRow> CsvRows(string path, bool header)
    {
        using var reader = new StreamReader(path, DetectEncoding(path), detectEncodingFromByteOrderMarks: true);
        var firstLine = reader.ReadLine() ?? "";
        var delimiter = Delimiters.OrderByDescending(c => firstLine.Count(x => x == c)).First();
        if (header)
        {
            yield return new TabularRow(1, Split(firstLine, delimiter));
            yield break;
        }
        using var csv = CsvDataReader.Create(reader, new CsvDataReaderOptions { HasHeaders = false, Delimiter = delimiter, Culture = CultureInfo.InvariantCulture });
        var line = 1;
        while (csv.Read())
        {
            line++;
            var cells = new string?[csv.RowFieldCount];
            for (var i = 0; i < cells.Length; i++) cells[i] = csv.GetString(i);
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            yield return new TabularRow(line, cells);
        }
    }

    private static string[] Split(string headerLine, char delimiter)
    {
        using var csv = CsvDataReader.Create(new StringReader(headerLine), new CsvDataReaderOptions { HasHeaders = false, Delimiter = delimiter });
        if (!csv.Read()) return [];
        return Enumerable.Range(0, csv.RowFieldCount).Select(csv.GetString).ToArray();
    }

    private static Encoding DetectEncoding(string path)
    {
        var buffer = new byte[64 * 1024];
        using var stream = File.OpenRead(path);
        var n = stream.Read(buffer, 0, buffer.Length);
        return EncodingOf(buffer.AsSpan(0, n), complete: n < buffer.Length);
    }

    /// <summary>UTF-8 unless the bytes say otherwise; then GB18030, the superset of GBK and GB2312.
    /// <paramref name="complete"/> false: the bytes are the start of a longer file.</summary>
    public static Encoding EncodingOf(ReadOnlySpan<byte> bytes, bool complete)
    {
        // Excel's "Unicode text" is UTF-16 with its byte-order mark.
        if (bytes is [0xFF, 0xFE, ..]) return Encoding.Unicode;
        if (bytes is [0xFE, 0xFF, ..]) return Encoding.BigEndianUnicode;
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        try
        {
            // A multi-byte character cut at the buffer's end is not an error; trim up to 3 bytes.
            strict.GetCharCount(complete ? bytes : bytes[..Math.Max(0, bytes.Length - 3)]);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030");
        }
    }

    private static List<string> ExcelHeader(string path) =>
        MiniExcel.Query(path, useHeaderRow: false).Cast<IDictionary<string, object?>>().FirstOrDefault() is { } first
            ? first.Values.Select(v => Cell(v) ?? "").ToList()
            : [];

    private static IEnumerable<TabularRow> ExcelRows(string path)
    {
        var line = 0;
        foreach (IDictionary<string, object?> row in MiniExcel.Query(path, useHeaderRow: false))
        {
            line++;
            if (line == 1) continue;
            var cells = row.Values.Select(Cell).ToArray();
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            yield return new TabularRow(line, cells);
        }
    }

    /// <summary>Excel gives numbers and dates as such: write them the way the parsers read text.</summary>
    private static string? Cell(object? value) => value switch
    {
        null => null,
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double d => d.ToString("0.############", CultureInfo.InvariantCulture),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
