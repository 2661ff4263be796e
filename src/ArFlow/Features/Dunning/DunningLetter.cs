using System.Globalization;
using ArFlow.Infrastructure;
using ArFlow.Shell;

namespace ArFlow.Features.Dunning;

/// <summary>The formal payment demand (催款函) as a PDF in the contact's language: letterhead, the
/// customer, the overdue invoices with days overdue and the amount asked for, the total, how to pay.
/// A4, in the CJK font of <c>ArFlow:Dunning:LetterFont</c> (<see cref="PdfPages"/>).</summary>
public static class DunningLetter
{
    public static byte[] Render(TemplateData data, string language, string? reference, string fontFile)
    {
        ArgumentNullException.ThrowIfNull(data);
        var culture = Text.Closest(language);
        string T(string key, params object?[] args) => Text.Get(culture, key, args);
        using var pdf = new PdfPages(T("letter.title"), fontFile);
        const float left = PdfPages.Margin;
        pdf.Line(data.CompanyName, pdf.Heading);
        pdf.Rule();
        pdf.Line(T("letter.date", Fmt.Date(data.Today)) + (reference is null ? "" : "   " + T("letter.reference", reference)), pdf.Body);
        pdf.Space(8);
        pdf.Line(T("letter.title"), pdf.Heading);
        pdf.Space(4);
        pdf.Line(T("letter.to", data.CustomerName), pdf.Body);
        pdf.Line(T("letter.body", Fmt.Date(data.Today)), pdf.Body);
        pdf.Space(6);
        pdf.Row([new(T("letter.col.number"), left), new(T("letter.col.due"), left + 150), new(T("letter.col.days"), left + 250), new(T("letter.col.amount"), left + 330)], pdf.Body);
        foreach (var invoice in data.Invoices)
            pdf.Row([new(invoice.Number, left), new(Fmt.Date(invoice.DueDate), left + 150),
                new((data.Today.DayNumber - invoice.DueDate.DayNumber).ToString(CultureInfo.InvariantCulture), left + 250),
                new(invoice.Amount.ToString("#,0.00", CultureInfo.InvariantCulture) + " " + invoice.Currency, left + 330)], pdf.Body);
        pdf.Space(6);
        foreach (var total in data.Invoices.GroupBy(i => i.Currency))
            pdf.Line(T("letter.total", total.Sum(i => i.Amount).ToString("#,0.00", CultureInfo.InvariantCulture), total.Key), pdf.Body);
        pdf.Space(6);
        pdf.Line(T("letter.demand"), pdf.Body);
        if (!string.IsNullOrWhiteSpace(data.PaymentInstructions)) pdf.Line(data.PaymentInstructions, pdf.Body);
        pdf.Space(18);
        pdf.Line(data.CompanyName, pdf.Body, PdfPages.Width - PdfPages.Margin - 200);
        return pdf.Finish();
    }
}
