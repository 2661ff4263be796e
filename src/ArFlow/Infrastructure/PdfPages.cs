using System.Collections.Concurrent;
using QRCoder;
using SkiaSharp;

namespace ArFlow.Infrastructure;

/// <summary>A4 pages drawn top to bottom with SkiaSharp's PDF backend, in a CJK font read from a
/// file (Debian's fonts-noto-cjk; the native assets carry no fontconfig): lines that wrap, rows of
/// cells, rules, a QR code. A new page starts by itself when the next line would not fit.</summary>
public sealed class PdfPages : IDisposable
{
    public const float Width = 595, Height = 842, Margin = 48;

    private static readonly ConcurrentDictionary<string, SKTypeface> Typefaces = new(StringComparer.Ordinal);

    private readonly MemoryStream _stream = new();
    private readonly SKDocument _document;
    private readonly SKPaint _ink = new() { Color = SKColors.Black, IsAntialias = true };
    private readonly SKPaint _grey = new() { Color = new SKColor(0x66, 0x66, 0x66), IsAntialias = true };
    private readonly SKPaint _rule = new() { Color = SKColors.Gray, StrokeWidth = 0.5f };
    private SKCanvas _canvas;
    private bool _finished;

    /// <summary>Pages in <paramref name="fontFile"/> (face 2 of the Noto collection is Simplified
    /// Chinese; a single-face file uses its face). Without the file, Skia's default face, which has
    /// no Chinese glyphs.</summary>
    public PdfPages(string title, string fontFile)
    {
        var typeface = Typefaces.GetOrAdd(fontFile, f => File.Exists(f) ? SKTypeface.FromFile(f, 2) ?? SKTypeface.FromFile(f) ?? SKTypeface.Default : SKTypeface.Default);
        Body = new SKFont(typeface, 10f);
        Small = new SKFont(typeface, 8.5f);
        Heading = new SKFont(typeface, 15f) { Embolden = true };
        Strong = new SKFont(typeface, 10f) { Embolden = true };
        _document = SKDocument.CreatePdf(_stream, new SKDocumentPdfMetadata { Title = title, Creator = "ArFlow" });
        _canvas = _document.BeginPage(Width, Height);
        Y = Margin;
    }

    public SKFont Body { get; }
    public SKFont Small { get; }
    public SKFont Heading { get; }
    public SKFont Strong { get; }

    /// <summary>The baseline of the next line.</summary>
    public float Y { get; set; }

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit on this one.</summary>
    public void Need(float height)
    {
        if (Y + height <= Height - Margin) return;
        _document.EndPage();
        _canvas = _document.BeginPage(Width, Height);
        Y = Margin;
    }

    /// <summary>Text wrapped to the right margin (or to <paramref name="right"/>).</summary>
    public void Line(string text, SKFont font, float x = Margin, float? right = null, bool grey = false)
    {
        foreach (var part in Wrap(text, font, (right ?? Width - Margin) - x))
        {
            Need(font.Size * 1.6f);
            _canvas.DrawText(part, x, Y, font, grey ? _grey : _ink);
            Y += font.Size * 1.6f;
        }
    }

    /// <summary>One row of a table: each cell at its column's left edge, or ending at it when right-aligned (figures).</summary>
    public void Row(IReadOnlyList<Cell> cells, SKFont font)
    {
        ArgumentNullException.ThrowIfNull(cells);
        Need(font.Size * 1.5f);
        foreach (var c in cells)
            _canvas.DrawText(c.Text, c.X, Y, c.AlignRight ? SKTextAlign.Right : SKTextAlign.Left, font, _ink);
        Y += font.Size * 1.5f;
    }

    /// <summary>The text as it fits in <paramref name="width"/> points: cut with an ellipsis when it is wider (a table cell).</summary>
    public static string Fit(string text, SKFont font, float width)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(font);
        if (font.MeasureText(text) <= width) return text;
        var length = text.Length;
        while (length > 0 && font.MeasureText(text[..length] + "…") > width) length--;
        return text[..length] + "…";
    }

    public void Rule(float gap = 6)
    {
        Need(gap * 2);
        _canvas.DrawLine(Margin, Y - gap, Width - Margin, Y - gap, _rule);
        Y += gap;
    }

    public void Space(float points) => Y += points;

    /// <summary>A QR code of <paramref name="text"/> as vector squares, <paramref name="size"/> points wide, its top at <paramref name="top"/>.</summary>
    public void Qr(string text, float x, float top, float size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        var cell = size / modules.Count;
        for (var row = 0; row < modules.Count; row++)
            for (var col = 0; col < modules.Count; col++)
                if (modules[row][col])
                    _canvas.DrawRect(x + col * cell, top + row * cell, cell + 0.05f, cell + 0.05f, _ink);
    }

    /// <summary>The PDF's bytes; the last page is ended.</summary>
    public byte[] Finish()
    {
        if (!_finished)
        {
            _document.EndPage();
            _document.Close();
            _finished = true;
        }
        return _stream.ToArray();
    }

    public void Dispose()
    {
        _document.Dispose();
        _stream.Dispose();
        Body.Dispose();
        Small.Dispose();
        Heading.Dispose();
        Strong.Dispose();
        _ink.Dispose();
        _grey.Dispose();
        _rule.Dispose();
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
}

/// <summary>A table cell: its text and column edge; figures are right-aligned at the edge.</summary>
public sealed record Cell(string Text, float X, bool AlignRight = false);
