using System.Globalization;
using ArFlow.Features.Ageing;
using ArFlow.Features.Credit;
using ArFlow.Infrastructure;
using ArFlow.Shell;
using MiniExcelLibs;
using SkiaSharp;

namespace ArFlow.Features.Analytics;

public enum ColumnKind { Text, Money, Percent, Days, Count }

public sealed record ReportColumn(string Title, ColumnKind Kind, float Width);

/// <summary>A table of the report: the PDF draws it, the workbook makes it a sheet.</summary>
public sealed record ReportSection(string Title, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<object?[]> Rows, string? Note = null);

/// <summary>The monthly report in a reader's language: its sections as tables, drawn as a PDF (A4, the CJK
/// font) or written as a workbook with a sheet per section (figures as numbers, ratios as fractions).</summary>
public static class MonthlyReportDocument
{
    public static IReadOnlyList<ReportSection> Sections(MonthlyReportResult r, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(r);
        string T(string key, params object?[] args) => Text.Get(culture, key, args);
        var sections = new List<ReportSection>();

        ReportColumn C(string key, ColumnKind kind, float width = 1f) => new(T(key), kind, width);
        object?[] Kpi(string key, ColumnKind kind, Func<KpiRow, decimal?> value)
        {
            decimal? Of(KpiRow? k) => k is null ? null : value(k);
            object? F(decimal? v) => v is { } x ? new Figure(x, kind) : null;
            var (now, before) = (Of(r.Kpis), Of(r.PreviousMonth));
            return [T("kpi." + key), F(now), F(before), F(now - before), F(Of(r.YearBefore))];
        }
        if (r.Kpis is not null)
            sections.Add(new(T("monthly.kpis"), [C("monthly.kpi", ColumnKind.Text, 2.2f), C("monthly.this_month", ColumnKind.Money), C("monthly.previous_month", ColumnKind.Money),
                C("monthly.change", ColumnKind.Money), C("monthly.year_before", ColumnKind.Money)],
            [
                Kpi("closing", ColumnKind.Money, k => k.Closing), Kpi("sales", ColumnKind.Money, k => k.Sales), Kpi("collected", ColumnKind.Money, k => k.Collected),
                Kpi("overdue", ColumnKind.Money, k => k.Overdue), Kpi("overdue_ratio", ColumnKind.Percent, k => k.OverdueRatio),
                Kpi("dso", ColumnKind.Days, k => k.Dso), Kpi("count_back_dso", ColumnKind.Days, k => k.CountBackDso), Kpi("best_possible_dso", ColumnKind.Days, k => k.BestPossibleDso),
                Kpi("add", ColumnKind.Days, k => k.AverageDaysDelinquent), Kpi("cei", ColumnKind.Days, k => k.CollectionEffectiveness),
                Kpi("written_off", ColumnKind.Money, k => k.WrittenOff), Kpi("bad_debt_ratio", ColumnKind.Percent, k => k.BadDebtRatio),
                Kpi("turnover_days", ColumnKind.Days, k => k.TurnoverDays), Kpi("top_ten", ColumnKind.Percent, k => k.TopTenShare),
                Kpi("promise_rate", ColumnKind.Percent, k => k.PromiseKeptRate), Kpi("disputes", ColumnKind.Count, k => k.DisputesOpened),
            ]));
        else sections.Add(new(T("monthly.kpis"), [C("monthly.kpi", ColumnKind.Text)], [], T("monthly.nothing")));

        sections.Add(new(T("monthly.ageing"), [C("statement.bucket", ColumnKind.Text, 1.3f), C("monthly.opening", ColumnKind.Money), C("monthly.new_in", ColumnKind.Money),
            C("monthly.aged_in", ColumnKind.Money), C("monthly.settled_out", ColumnKind.Money), C("monthly.aged_out", ColumnKind.Money), C("monthly.closing", ColumnKind.Money),
            C("monthly.roll_rate", ColumnKind.Percent, 0.8f)],
            r.Ageing.Select(b => new object?[] { AgeingOutput.BucketTitle(b.Bucket, culture), b.Opening, b.NewIn, b.AgedIn, b.SettledOut, b.AgedOut, b.Closing, b.RollRate }).ToList(),
            T("monthly.ageing_note")));

        sections.Add(new(T("monthly.risks", MonthlyReport.TopRisks), [C("report.customer", ColumnKind.Text, 2.4f), C("monthly.grade", ColumnKind.Text, 0.5f), C("report.balance", ColumnKind.Money),
            C("kpi.overdue", ColumnKind.Money), C("monthly.overdue_change", ColumnKind.Money), C("monthly.oldest_days", ColumnKind.Count, 0.7f)],
            r.TopRisks.Select(x => new object?[] { $"{x.Code} {x.Name}", x.Grade, x.Balance, x.Overdue, x.Overdue - x.OverdueAtStart, x.OldestDaysOverdue }).ToList(),
            r.TopRisks.Count == 0 ? T("monthly.nothing") : null));

        sections.Add(new(T("monthly.alerts"), [C("report.date", ColumnKind.Text, 0.8f), C("report.customer", ColumnKind.Text, 1.6f), C("monthly.alert", ColumnKind.Text, 3.4f), C("monthly.status", ColumnKind.Text, 0.8f)],
            r.Alerts.Select(a => new object?[] { Fmt.Date(a.RaisedOn), $"{a.Customer} {a.CustomerName}", CreditAlerts.Message(a.Rule, a.Args, culture), T("monthly.alert_status." + a.Status) }).ToList(),
            r.Alerts.Count == 0 ? T("monthly.nothing") : null));

        sections.Add(new(T("monthly.cash"), [C("monthly.month", ColumnKind.Text), C("monthly.what", ColumnKind.Text, 1.4f), C("monthly.budget", ColumnKind.Money), C("monthly.amount", ColumnKind.Money), C("monthly.gap", ColumnKind.Money)],
            r.Cash.Select(c => new object?[] { c.Month, T(c.Forecast ? "monthly.forecast" : "monthly.received"), c.Budget, c.Amount, c.Gap }).ToList(),
            T("monthly.cash_note", Fmt.Date(r.ForecastFrom))));

        sections.Add(new(T("monthly.collectors"), [C("monthly.collector", ColumnKind.Text, 1.3f), C("kpi.collected", ColumnKind.Money), C("kpi.overdue", ColumnKind.Money),
            C("kpi.cei", ColumnKind.Days, 0.7f), C("kpi.promise_rate", ColumnKind.Percent, 0.8f), C("kpi.actions", ColumnKind.Count, 0.7f), C("monthly.oldest_paid_down", ColumnKind.Money)],
            r.Collectors.Select(k => new object?[] { k.Key.Length == 0 ? T("monthly.no_collector") : k.Key, k.Collected, k.Overdue, k.CollectionEffectiveness, k.PromiseKeptRate, k.ActionsDone, k.OldestPaidDown }).ToList()));

        var d = r.Disputes;
        sections.Add(new(T("monthly.disputes"), [C("report.customer", ColumnKind.Text), C("report.number", ColumnKind.Text, 1.2f), C("monthly.reason", ColumnKind.Text, 1.2f),
            C("monthly.opened_on", ColumnKind.Text, 0.9f), C("monthly.days_open", ColumnKind.Count, 0.7f), C("report.currency", ColumnKind.Text, 0.6f), C("monthly.amount", ColumnKind.Money)],
            d.Largest.Select(x => new object?[] { x.Customer, x.Document, T("dispute.reason." + x.Reason), Fmt.Date(x.OpenedOn), x.DaysOpen, x.Currency, x.Amount }).ToList(),
            T("monthly.disputes_note", d.Opened, d.Resolved, d.DaysToResolve?.ToString("0.#", culture) ?? "—", d.OpenAtEnd)));

        sections.Add(new(T("monthly.scenarios"), [C("monthly.scenario", ColumnKind.Text, 1.5f), C("monthly.customers", ColumnKind.Count, 0.7f), C("monthly.expected", ColumnKind.Money),
            C("monthly.shortfall", ColumnKind.Money), C("monthly.weeks_below", ColumnKind.Text, 2f)],
            r.Scenarios.Select(s => new object?[] { s.Name, s.Customers, s.Expected, s.Shortfall, string.Join(", ", s.WeeksBelowBudget.Select(w => Fmt.Date(w))) }).ToList(),
            r.Scenarios.Count == 0 ? T("monthly.no_scenarios") : null));
        return sections;
    }

    /// <summary>A KPI's value in the comparison table, whose rows differ in kind (money, ratio, days).</summary>
    public sealed record Figure(decimal Value, ColumnKind Kind);

    public static string Title(MonthlyReportResult r, CultureInfo culture) => Text.Get(culture, "monthly.title", r.Month);

    public static byte[] Pdf(MonthlyReportResult r, string language, ArFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(options);
        var culture = Text.Closest(language);
        using var pdf = new PdfPages(Title(r, culture), options.Dunning.LetterFont);
        pdf.Line(options.Dunning.CompanyName, pdf.Heading);
        pdf.Line(Title(r, culture), pdf.Strong);
        pdf.Line(Text.Get(culture, "monthly.subtitle", Fmt.Date(r.From), Fmt.Date(r.To), r.BaseCurrency, Fmt.Date(r.MadeOn)), pdf.Body, grey: true);
        pdf.Rule();
        foreach (var s in Sections(r, culture))
        {
            pdf.Need(70);
            pdf.Space(4);
            pdf.Line(s.Title, pdf.Strong);
            if (s.Rows.Count > 0) Table(pdf, s);
            if (s.Note is { } note) pdf.Line(note, pdf.Small, grey: true);
            pdf.Space(6);
        }
        return pdf.Finish();
    }

    /// <summary>A table laid out by its content: a figure is never cut (its column is as wide as the widest), text takes at
    /// most its column's share; when the figures do not fit the page, the whole table is drawn in a smaller size.</summary>
    private static void Table(PdfPages pdf, ReportSection s)
    {
        const float gap = 10, width = PdfPages.Width - 2 * PdfPages.Margin;
        var cells = s.Rows.Select(row => row.Select((v, i) => Show(v, s.Columns[i].Kind)).ToArray()).ToList();
        var share = s.Columns.Sum(c => c.Width);
        var need = s.Columns.Select((c, i) =>
        {
            var widest = cells.Max(row => pdf.Body.MeasureText(row[i]));
            var heading = Math.Min(pdf.Small.MeasureText(c.Title), 80f);
            return c.Kind == ColumnKind.Text ? Math.Min(Math.Max(widest, heading), width * c.Width / share) : Math.Max(widest, heading);
        }).ToArray();
        var total = need.Sum() + gap * (need.Length - 1);
        var scale = Math.Min(1f, width / total);
        // What is left over goes to the text columns (or to all, when there are none).
        var texts = s.Columns.Count(c => c.Kind == ColumnKind.Text);
        var extra = Math.Max(0f, width - total);
        var widths = need.Select((n, i) => n * scale + (texts == 0 ? extra / need.Length : s.Columns[i].Kind == ColumnKind.Text ? extra / texts : 0f)).ToArray();
        using var body = new SKFont(pdf.Body.Typeface, pdf.Body.Size * scale);
        using var small = new SKFont(pdf.Small.Typeface, pdf.Small.Size * scale);
        var edges = new (float X, bool Right)[widths.Length];
        var x = PdfPages.Margin;
        for (var i = 0; i < widths.Length; i++)
        {
            edges[i] = s.Columns[i].Kind == ColumnKind.Text ? (x, false) : (x + widths[i], true);
            x += widths[i] + gap * scale;
        }
        pdf.Row(s.Columns.Select((c, i) => new Cell(PdfPages.Fit(c.Title, small, widths[i]), edges[i].X, edges[i].Right)).ToList(), small);
        foreach (var row in cells)
            pdf.Row(row.Select((text, i) => new Cell(PdfPages.Fit(text, body, widths[i]), edges[i].X, edges[i].Right)).ToList(), body);
    }

    public static async Task XlsxAsync(Stream stream, MonthlyReportResult r, CultureInfo culture, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        var sheets = new Dictionary<string, object>();
        foreach (var s in Sections(r, culture))
            sheets[SheetName(s.Title, sheets.Count)] = s.Rows.Count == 0
                ? new List<Dictionary<string, object?>> { new() { [s.Columns[0].Title] = s.Note } }
                : s.Rows.Select(row => s.Columns.Select((c, i) => (c.Title, Value: row[i] is Figure f ? f.Value : row[i]))
                    .ToDictionary(x => x.Title, x => x.Value)).ToList();
        await stream.SaveAsAsync(sheets, cancellationToken: ct);
    }

    /// <summary>Excel allows 31 characters and no []:*?/\ in a sheet's name.</summary>
    private static string SheetName(string title, int index)
    {
        var clean = new string(title.Where(c => "[]:*?/\\".IndexOf(c, StringComparison.Ordinal) < 0).ToArray());
        return (index + 1).ToString(CultureInfo.InvariantCulture) + " " + (clean.Length > 27 ? clean[..27] : clean);
    }

    /// <summary>A cell as text: money with two decimals, ratios as percentages, days with one decimal.</summary>
    public static string Show(object? value, ColumnKind kind) => value switch
    {
        null => "—",
        Figure f => Show(f.Value, f.Kind),
        decimal d when kind == ColumnKind.Percent => (d * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
        decimal d when kind == ColumnKind.Days => d.ToString("0.0", CultureInfo.InvariantCulture),
        decimal d => d.ToString(kind == ColumnKind.Count ? "#,0" : "#,0.00", CultureInfo.InvariantCulture),
        int i => i.ToString("#,0", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
