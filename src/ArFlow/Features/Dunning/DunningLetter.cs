using System.Globalization;
using ArFlow.Infrastructure;
using SkiaSharp;

namespace ArFlow.Features.Dunning;

/// <summary>The formal payment demand (催款函) as a PDF in the contact's language: letterhead, the
/// customer, the overdue invoices with days overdue and the amount asked for, the total, how to pay.
/// Drawn with SkiaSharp's PDF backend in a CJK font read from a file (Debian's fonts-noto-cjk; the
/// native assets carry no fontconfig), A4.</summary>
public static class DunningLetter
{
    private const float Width = 595, Height = 842, Margin = 56;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SKTypeface> Typefaces = new(StringComparer.Ordinal);

    /// <summary>The letter; <paramref name="fontFile"/> is a CJK font (face 2 of the Noto collection is
    /// Simplified Chinese; a single-face file uses its face). Without the file, Skia's default face,
    /// which has no Chinese glyphs.</summary>
    public static byte[] Render(TemplateData data, string language, string? reference, string fontFile)
    {
        ArgumentNullException.ThrowIfNull(data);
        var typeface = Typefaces.GetOrAdd(fontFile, f => File.Exists(f) ? SKTypeface.FromFile(f, 2) ?? SKTypeface.FromFile(f) ?? SKTypeface.Default : SKTypeface.Default);
        var culture = Text.Closest(language);
        string T(string key, params object?[] args) => Text.Get(culture, key, args);
        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata { Title = T("letter.title"), Creator = "ArFlow" }))
        {
            using var font = new SKFont(typeface, 10.5f);
            using var bold = new SKFont(typeface, 16f) { Embolden = true };
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            using var rule = new SKPaint { Color = SKColors.Gray, StrokeWidth = 0.5f };
            var canvas = document.BeginPage(Width, Height);
            var y = Margin;
            void Line(string text, SKFont f, float x = Margin)
            {
                foreach (var part in Wrap(text, f, Width - Margin - x))
                {
                    if (y > Height - Margin)
                    {
                        document.EndPage();
                        canvas = document.BeginPage(Width, Height);
                        y = Margin;
                    }
                    canvas.DrawText(part, x, y, f, paint);
                    y += f.Size * 1.6f;
                }
            }
            Line(data.CompanyName, bold);
            y += 4;
            canvas.DrawLine(Margin, y - 10, Width - Margin, y - 10, rule);
            Line(T("letter.date", Day(data.Today)) + (reference is null ? "" : "   " + T("letter.reference", reference)), font);
            y += 8;
            Line(T("letter.title"), bold);
            y += 4;
            Line(T("letter.to", data.CustomerName), font);
            Line(T("letter.body", Day(data.Today)), font);
            y += 6;
            var columns = new[] { Margin, Margin + 150, Margin + 250, Margin + 330 };
            string[] heads = [T("letter.col.number"), T("letter.col.due"), T("letter.col.days"), T("letter.col.amount")];
            for (var i = 0; i < heads.Length; i++) canvas.DrawText(heads[i], columns[i], y, font, paint);
            y += font.Size * 1.6f;
            foreach (var invoice in data.Invoices)
            {
                if (y > Height - Margin - 60)
                {
                    document.EndPage();
                    canvas = document.BeginPage(Width, Height);
                    y = Margin;
                }
                string[] cells = [invoice.Number, Day(invoice.DueDate), (data.Today.DayNumber - invoice.DueDate.DayNumber).ToString(CultureInfo.InvariantCulture),
                    invoice.Amount.ToString("#,0.00", CultureInfo.InvariantCulture) + " " + invoice.Currency];
                for (var i = 0; i < cells.Length; i++) canvas.DrawText(cells[i], columns[i], y, font, paint);
                y += font.Size * 1.5f;
            }
            y += 6;
            foreach (var total in data.Invoices.GroupBy(i => i.Currency))
                Line(T("letter.total", total.Sum(i => i.Amount).ToString("#,0.00", CultureInfo.InvariantCulture), total.Key), font);
            y += 6;
            Line(T("letter.demand"), font);
            if (!string.IsNullOrWhiteSpace(data.PaymentInstructions)) Line(data.PaymentInstructions, font);
            y += 18;
            Line(data.CompanyName, font, Width - Margin - 200);
            document.EndPage();
        }
        return stream.ToArray();
    }

    /// <summary>Breaks text to fit: at spaces where there are some (English), anywhere otherwise (Chinese).</summary>
    private static IEnumerable<string> Wrap(string text, SKFont font, float width)
    {
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var token in Tokens(paragraph))
            {
                if (line.Length > 0 && font.MeasureText(line + token) > width)
                {
                    yield return line.TrimEnd();
                    line = token.TrimStart();
                }
                else line += token;
            }
            yield return line;
        }
    }

    private static IEnumerable<string> Tokens(string text)
    {
        var word = "";
        foreach (var c in text)
        {
            if (c > 0x2E7F) // CJK: every character may start a line
            {
                if (word.Length > 0) yield return word;
                word = "";
                yield return c.ToString();
            }
            else if (c == ' ')
            {
                yield return word + " ";
                word = "";
            }
            else word += c;
        }
        if (word.Length > 0) yield return word;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
