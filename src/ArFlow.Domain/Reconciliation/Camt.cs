using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using ArFlow.Domain.Errors;

namespace ArFlow.Domain.Reconciliation;

/// <summary>ISO 20022 cash-management messages: camt.053 statements, camt.054 debit/credit
/// notifications and camt.052 account reports, in any version (elements are matched by local name,
/// so .001.02 to .001.08 read alike). Balances: opening OPBD (else PRCD), closing CLBD. An entry
/// whose transaction details carry their own amounts adding up to it (a batch) gives one line per
/// transaction; otherwise one line. The counterparty is the debtor of a credit, the creditor of a debit.</summary>
public static class Camt
{
    public static Result<IReadOnlyList<BankStatement>> Parse(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        XDocument document;
        try
        {
            document = XDocument.Parse(xml, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            return new DomainError(ErrorCodes.BankBadField, $"line {e.LineNumber}", "XML", e.Message);
        }
        var errors = new List<DomainError>();
        var statements = new List<BankStatement>();
        var message = document.Root?.Elements().FirstOrDefault();
        var format = message?.Name.LocalName switch
        {
            "BkToCstmrStmt" => "camt053",
            "BkToCstmrDbtCdtNtfctn" => "camt054",
            "BkToCstmrAcctRpt" => "camt052",
            _ => null,
        };
        if (format is null) return new DomainError(ErrorCodes.BankNoStatement, "line 1");
        foreach (var s in message!.Elements().Where(e => e.Name.LocalName is "Stmt" or "Ntfctn" or "Rpt"))
        {
            var account = Child(s, "Acct");
            var iban = Text(account, "Id", "IBAN") ?? Text(account, "Id", "Othr", "Id");
            if (iban is null) errors.Add(new DomainError(ErrorCodes.BankMissingField, Where(s), "Acct/Id"));
            var currency = Text(account, "Ccy");
            var balances = s.Elements().Where(e => e.Name.LocalName == "Bal")
                .Select(b => (Code: Text(b, "Tp", "CdOrPrtry", "Cd"), Balance: Balance(b, errors))).ToList();
            var opening = balances.FirstOrDefault(b => b.Code == "OPBD").Balance ?? balances.FirstOrDefault(b => b.Code == "PRCD").Balance;
            var closing = balances.FirstOrDefault(b => b.Code == "CLBD").Balance;
            var lines = new List<BankLine>();
            foreach (var entry in s.Elements().Where(e => e.Name.LocalName == "Ntry")) lines.AddRange(Entry(entry, errors));
            currency ??= opening?.Currency ?? closing?.Currency ?? lines.FirstOrDefault()?.Currency ?? "";
            statements.Add(new BankStatement(format, Text(s, "Id"), Text(s, "ElctrncSeqNb") ?? Text(s, "LglSeqNb"), iban ?? "", currency, opening, closing, lines));
        }
        if (errors.Count == 0 && statements.Count == 0) errors.Add(new DomainError(ErrorCodes.BankNoStatement, "line 1"));
        return errors.Count > 0 ? Result<IReadOnlyList<BankStatement>>.Fail(errors) : statements;
    }

    private static IEnumerable<BankLine> Entry(XElement entry, List<DomainError> errors)
    {
        var (amount, currency) = Amount(Child(entry, "Amt"), errors);
        var credit = Text(entry, "CdtDbtInd") == "CRDT";
        var reversal = string.Equals(Text(entry, "RvslInd"), "true", StringComparison.OrdinalIgnoreCase);
        // A reversed credit takes money out; a reversed debit puts it back.
        var sign = credit ^ reversal ? 1m : -1m;
        var booked = Day(entry, "BookgDt");
        var value = Day(entry, "ValDt") ?? booked;
        if (booked is null || value is null)
        {
            errors.Add(new DomainError(ErrorCodes.BankMissingField, Where(entry), "BookgDt"));
            yield break;
        }
        var details = entry.Elements().Where(e => e.Name.LocalName == "NtryDtls").SelectMany(d => d.Elements().Where(e => e.Name.LocalName == "TxDtls")).ToList();
        var info = Text(entry, "AddtlNtryInf");
        var reference = Text(entry, "AcctSvcrRef");
        var code = Text(entry, "BkTxCd", "Domn", "Fmly", "SubFmlyCd") ?? Text(entry, "BkTxCd", "Prtry", "Cd");
        var amounts = details.Select(d => Child(d, "AmtDtls", "TxAmt", "Amt") ?? Child(d, "Amt")).ToList();
        if (details.Count > 1 && amounts.All(a => a is not null) && amounts.Sum(a => Amount(a, errors).Amount) == amount)
        {
            foreach (var (d, a) in details.Zip(amounts))
                yield return Line(entry, d, Amount(a, errors).Amount * sign, currency, booked.Value, value.Value, credit, info, reference, code, reversal);
            yield break;
        }
        var remittance = string.Join("\n", details.SelectMany(Remittance).Distinct());
        var first = details.FirstOrDefault();
        var line = Line(entry, first, amount * sign, currency, booked.Value, value.Value, credit, info, reference, code, reversal);
        yield return remittance.Length > 0 ? line with { Details = Join(remittance, info) } : line;
    }

    private static BankLine Line(XElement entry, XElement? tx, decimal amount, string currency, DateOnly booked, DateOnly value, bool credit,
        string? info, string? reference, string? code, bool reversal)
    {
        // The other side: who paid a credit, who was paid by a debit.
        var party = credit ? "Dbtr" : "Cdtr";
        var parties = tx is null ? null : Child(tx, "RltdPties");
        var name = Text(parties, party, "Nm") ?? Text(parties, party, "Pty", "Nm");
        var account = Text(parties, party + "Acct", "Id", "IBAN") ?? Text(parties, party + "Acct", "Id", "Othr", "Id");
        var remittance = tx is null ? "" : string.Join("\n", Remittance(tx));
        return new BankLine(((IXmlLineInfo)entry).LineNumber, value, booked, amount, currency, Join(remittance, info),
            name, account, tx is null ? null : Text(tx, "Refs", "EndToEndId") is { } e && e != "NOTPROVIDED" ? e : null,
            (tx is null ? null : Text(tx, "Refs", "AcctSvcrRef")) ?? reference, code, reversal);
    }

    private static string Join(string remittance, string? info) =>
        string.Join("\n", new[] { remittance, info }.Where(s => !string.IsNullOrWhiteSpace(s))!);

    /// <summary>Unstructured lines, then structured creditor references (e.g. an RF or ISR reference) and additional text.</summary>
    private static IEnumerable<string> Remittance(XElement tx)
    {
        var rmt = Child(tx, "RmtInf");
        if (rmt is null) yield break;
        foreach (var u in rmt.Elements().Where(e => e.Name.LocalName == "Ustrd")) yield return u.Value.Trim();
        foreach (var strd in rmt.Elements().Where(e => e.Name.LocalName == "Strd"))
        {
            if (Text(strd, "CdtrRefInf", "Ref") is { } r) yield return r;
            foreach (var a in strd.Elements().Where(e => e.Name.LocalName == "AddtlRmtInf")) yield return a.Value.Trim();
        }
    }

    private static BankBalance? Balance(XElement b, List<DomainError> errors)
    {
        var (amount, currency) = Amount(Child(b, "Amt"), errors);
        var day = Day(b, "Dt");
        if (day is null)
        {
            errors.Add(new DomainError(ErrorCodes.BankMissingField, Where(b), "Bal/Dt"));
            return null;
        }
        return new BankBalance(day.Value, Text(b, "CdtDbtInd") == "DBIT" ? -amount : amount, currency);
    }

    private static (decimal Amount, string Currency) Amount(XElement? amt, List<DomainError> errors)
    {
        if (amt is not null && decimal.TryParse(amt.Value.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var a))
            return (a, amt.Attribute("Ccy")?.Value ?? "");
        errors.Add(new DomainError(ErrorCodes.BankBadField, amt is null ? "line 0" : Where(amt), "Amt", amt?.Value ?? ""));
        return (0m, "");
    }

    /// <summary>A date element's day: its Dt, or the date of its DtTm.</summary>
    private static DateOnly? Day(XElement parent, string name)
    {
        var holder = Child(parent, name);
        if (holder is null) return null;
        var text = Text(holder, "Dt") ?? Text(holder, "DtTm")?[..10];
        return text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    }

    private static XElement? Child(XElement? e, params string[] path)
    {
        foreach (var name in path)
        {
            if (e is null) return null;
            e = e.Elements().FirstOrDefault(x => x.Name.LocalName == name);
        }
        return e;
    }

    private static string? Text(XElement? e, params string[] path) => Child(e, path)?.Value.Trim() is { Length: > 0 } t ? t : null;

    private static string Where(XElement e) => $"line {((IXmlLineInfo)e).LineNumber}";
}
