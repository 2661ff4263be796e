using System.Globalization;
using System.Text;

namespace ArFlow.Features.Imports;

/// <summary>An empty file with the columns an import reads, headed in the person's language (the
/// Chinese headers are the ones Chinese ERPs and bank exports use, which the import also accepts).</summary>
public static class ImportTemplates
{
    public static byte[] Csv(ImportKind kind, CultureInfo culture)
    {
        var chinese = culture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        var header = ImportSpec.Fields(kind).Select(f => chinese ? f.Aliases.FirstOrDefault(IsChinese) ?? f.Name : f.Name);
        // UTF-8 with a BOM so Excel opens the Chinese headers correctly.
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(string.Join(',', header) + "\r\n")];
    }

    public static void MapImportTemplateEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/import-templates/{kind}", (string kind) =>
            {
                ImportKind parsed;
                try { parsed = ImportSpec.Parse(kind); }
                catch (ArgumentOutOfRangeException) { return Results.NotFound(); }
                var culture = CultureInfo.CurrentUICulture;
                return Results.File(Csv(parsed, culture), "text/csv; charset=utf-8", $"{ImportSpec.Name(parsed)}-{culture.Name}.csv");
            })
            .WithTags("Imports").WithName("ImportTemplate")
            .WithSummary("An empty CSV with the columns of an import (customers, invoices, receipts, credit-notes), headed in the request's language.");

    private static bool IsChinese(string text) => text.Any(c => c >= '\u4e00' && c <= '\u9fff');
}
