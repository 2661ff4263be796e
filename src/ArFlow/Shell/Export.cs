using MiniExcel = MiniExcelLibs.MiniExcel;
using ArFlow.Infrastructure;
using Microsoft.JSInterop;

namespace ArFlow.Shell;

/// <summary>"Export to Excel" of a list: the rows the filters select, with the columns in the
/// person's language, saved through the browser.</summary>
public static class Export
{
    /// <summary>More rows than this belong in a report run from the command line or the API.</summary>
    public const int MaxRows = 10_000;

    /// <summary>Saves the rows as a workbook in the browser; the export is in the audit trail (who,
    /// which file, how many rows, and the filters that chose them).</summary>
    public static async Task ToExcelAsync(ConsoleDb db, IJSRuntime js, string fileName, IEnumerable<IDictionary<string, object?>> rows, object? filter = null)
    {
        var list = rows.ToList();
        await using (var audit = await db.OpenAsync())
            await audit.RecordExportAsync(fileName, new { rows = list.Count, filter }, CancellationToken.None);
        using var stream = new MemoryStream();
        await MiniExcel.SaveAsAsync(stream, list);
        stream.Position = 0;
        using var reference = new DotNetStreamReference(stream);
        await js.InvokeVoidAsync("arflowDownload", fileName, reference);
    }

    /// <summary>Reads page after page until the list ends or <see cref="MaxRows"/> is reached.</summary>
    public static async Task<List<T>> AllPagesAsync<T>(Func<int, Task<ArFlow.Infrastructure.Page<T>>> page)
    {
        var rows = new List<T>();
        for (var n = 1; rows.Count < MaxRows; n++)
        {
            var p = await page(n);
            rows.AddRange(p.Items);
            if (p.Items.Count == 0 || rows.Count >= p.Total) break;
        }
        return rows.Take(MaxRows).ToList();
    }
}
