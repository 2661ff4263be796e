using System.Globalization;
using ArFlow.Domain.Ageing;
using ArFlow.Features.Ageing;
using ArFlow.Infrastructure;
using ArFlow.Shell;

namespace ArFlow.Features.Statements;

/// <summary>Who sends a statement and how it is identified: the letterhead, the number and day of
/// issue, how to pay, and the portal link (printed and as a QR code) when there is one.</summary>
public sealed record StatementHeader(string CompanyName, string? Number, DateOnly IssuedOn, string? PaymentInstructions, string? PortalLink);

/// <summary>A statement of account as a PDF in one language: the company, the customer and the period;
/// per currency the opening balance, every movement with the running balance, the closing balance, the
/// items open at the end with their ageing; how to pay; and how to confirm (the portal link and its QR code).</summary>
public static class StatementPdf
{
    private const float Left = PdfPages.Margin, Right = PdfPages.Width - PdfPages.Margin, QrSize = 84;

    public static byte[] Render(Statement s, StatementHeader header, string language, AgeingBuckets buckets, string fontFile)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(buckets);
        var culture = Text.Closest(language);
        string T(string key, params object?[] args) => Text.Get(culture, key, args);
        using var pdf = new PdfPages(T("statement.title"), fontFile);
        var textRight = header.PortalLink is null ? Right : Right - QrSize - 12;
        if (header.PortalLink is { } link)
        {
            pdf.Qr(link, Right - QrSize, PdfPages.Margin - 12, QrSize);
            var y = pdf.Y;
            pdf.Y = PdfPages.Margin + QrSize + 8;
            pdf.Line(T("statement.scan"), pdf.Small, Right - QrSize, Right, grey: true);
            pdf.Y = y;
        }
        pdf.Line(header.CompanyName, pdf.Heading, right: textRight);
        pdf.Line(T("statement.title"), pdf.Strong, right: textRight);
        if (header.Number is { } number) pdf.Line(T("statement.number", number), pdf.Body, right: textRight);
        pdf.Line(T("statement.issued", Fmt.Date(header.IssuedOn)), pdf.Body, right: textRight);
        pdf.Line(T("statement.period", Fmt.Date(s.From), Fmt.Date(s.To)), pdf.Body, right: textRight);
        pdf.Line(T("statement.customer", s.CustomerCode, s.CustomerName), pdf.Body, right: textRight);
        pdf.Y = Math.Max(pdf.Y, PdfPages.Margin + QrSize + 24);
        pdf.Rule();
        if (s.Currencies.Count == 0) pdf.Line(T("statement.nothing"), pdf.Body);
        foreach (var c in s.Currencies)
        {
            pdf.Need(80);
            pdf.Line(T("statement.in_currency", c.Currency), pdf.Strong);
            pdf.Row([new(Fmt.Date(s.From), Left), new(T("report.opening"), Left + 62), new(Money(c.OpeningBalance), Right, true)], pdf.Body);
            pdf.Row([new(T("report.date"), Left), new(T("report.document"), Left + 62), new(T("report.number"), Left + 128),
                new(T("report.due"), Left + 232), new(T("report.debit"), Left + 352, true), new(T("report.credit"), Left + 425, true),
                new(T("report.balance"), Right, true)], pdf.Small);
            foreach (var l in c.Lines)
                pdf.Row([new(Fmt.Date(l.Date), Left), new(StatementQuery.DocName(l.Kind, culture), Left + 62), new(Cut(l.Number ?? l.ReversesNumber ?? "", 18), Left + 128),
                    new(l.DueDate is { } due ? Fmt.Date(due) : "", Left + 232), new(l.Debit == 0 ? "" : Money(l.Debit), Left + 352, true),
                    new(l.Credit == 0 ? "" : Money(l.Credit), Left + 425, true), new(Money(l.Balance), Right, true)], pdf.Body);
            pdf.Row([new(Fmt.Date(s.To), Left), new(T("report.closing"), Left + 62), new(Money(c.ClosingBalance), Right, true)], pdf.Strong);
            pdf.Space(6);
            if (c.OpenItems.Count == 0) continue;
            pdf.Need(60);
            pdf.Line(T("statement.open_items", Fmt.Date(s.To)), pdf.Strong);
            pdf.Row([new(T("report.number"), Left), new(T("report.date"), Left + 110), new(T("report.due"), Left + 180),
                new(T("statement.days_overdue"), Left + 300, true), new(T("statement.bucket"), Left + 315), new(T("report.open"), Right, true)], pdf.Small);
            var labels = buckets.Labels();
            foreach (var o in c.OpenItems)
                pdf.Row([new(Cut(o.Number, 18), Left), new(Fmt.Date(o.DocumentDate), Left + 110), new(Fmt.Date(o.DueDate), Left + 180),
                    new(o.DaysOverdue.ToString(CultureInfo.InvariantCulture), Left + 300, true),
                    new(AgeingOutput.BucketTitle(labels[buckets.IndexOf(o.DaysOverdue)], culture), Left + 315), new(Money(o.Open), Right, true)], pdf.Body);
            pdf.Space(4);
            pdf.Line(T("statement.ageing"), pdf.Small, grey: true);
            foreach (var bucket in c.OpenItems.GroupBy(o => buckets.IndexOf(o.DaysOverdue)).OrderBy(g => g.Key))
                pdf.Row([new(AgeingOutput.BucketTitle(labels[bucket.Key], culture), Left + 20), new(Money(bucket.Sum(o => o.Open)), Left + 300, true)], pdf.Body);
            pdf.Space(6);
        }
        pdf.Rule();
        if (!string.IsNullOrWhiteSpace(header.PaymentInstructions))
        {
            pdf.Line(T("statement.how_to_pay"), pdf.Strong);
            pdf.Line(header.PaymentInstructions, pdf.Body);
            pdf.Space(6);
        }
        pdf.Line(header.PortalLink is null ? T("statement.confirm_by_return") : T("statement.confirm_online"), pdf.Body);
        if (header.PortalLink is { } url) pdf.Line(url, pdf.Small, grey: true);
        return pdf.Finish();
    }

    /// <summary>The letterhead and payment instructions as configured (ArFlow:Dunning:CompanyName, PaymentInstructions).</summary>
    public static StatementHeader Header(ArFlowOptions options, string language, string? number, DateOnly issuedOn, string? portalLink)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.Dunning.CompanyName, number, issuedOn, options.Dunning.PaymentInstructions.GetValueOrDefault(Text.Closest(language).Name), portalLink);
    }

    private static string Money(decimal amount) => amount.ToString("#,0.00", CultureInfo.InvariantCulture);

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
