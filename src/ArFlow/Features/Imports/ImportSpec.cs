namespace ArFlow.Features.Imports;

public enum ImportKind { Customers, Invoices, Receipts, CreditNotes }

/// <summary>A field an import understands, under its English and Chinese column names.</summary>
public sealed record FieldSpec(string Name, bool Required, params string[] Aliases)
{
    public bool Matches(string header)
    {
        var h = Normalize(header);
        return Normalize(Name) == h || Aliases.Any(a => Normalize(a) == h);
    }

    private static string Normalize(string s) =>
        new(s.Trim().ToLowerInvariant().Where(c => c is not (' ' or '_' or '-' or '*' or '（' or '）' or '(' or ')')).ToArray());
}

public static class ImportSpec
{
    public static ImportKind Parse(string text) => text.ToLowerInvariant() switch
    {
        "customers" => ImportKind.Customers,
        "invoices" => ImportKind.Invoices,
        "receipts" => ImportKind.Receipts,
        "credit-notes" => ImportKind.CreditNotes,
        _ => throw new ArgumentOutOfRangeException(nameof(text), text, "customers, invoices, receipts or credit-notes"),
    };

    public static string Name(ImportKind kind) => kind switch
    {
        ImportKind.CreditNotes => "credit-notes",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static readonly FieldSpec CustomerCode = new("customerCode", true, "customer_code", "customer", "客户编码", "客户代码", "客户编号");
    private static readonly FieldSpec Amount = new("amount", true, "金额", "总额", "价税合计");
    private static readonly FieldSpec Currency = new("currency", false, "币种", "货币");
    private static readonly FieldSpec Rate = new("rateToBase", false, "rate", "rate_to_base", "汇率");
    private static readonly FieldSpec Memo = new("memo", false, "备注", "摘要", "note", "reason", "原因");
    private static readonly FieldSpec Reference = new("reference", false, "ref", "流水号", "银行流水号", "交易流水号", "参考号");

    public static IReadOnlyList<FieldSpec> Fields(ImportKind kind) => kind switch
    {
        ImportKind.Customers =>
        [
            new("code", true, "customer_code", "客户编码", "客户代码", "客户编号"),
            new("name", true, "customer_name", "客户名称", "名称", "公司名称"),
            new("taxId", false, "tax_id", "统一社会信用代码", "税号", "纳税人识别号"),
            new("owner", false, "sales", "销售", "负责人", "业务员"),
            new("collector", false, "催收员", "收款负责人"),
            new("grade", false, "等级", "信用等级"),
            new("creditLimit", false, "credit_limit", "信用额度"),
            new("defaultTerms", false, "payment_terms", "terms", "账期", "付款条件"),
            Currency,
            new("status", false, "状态"),
            new("contactName", false, "contact", "contact_name", "联系人"),
            new("email", false, "邮箱", "电子邮件"),
            new("phone", false, "电话", "手机", "联系电话"),
            new("language", false, "语言"),
        ],
        ImportKind.Invoices =>
        [
            CustomerCode,
            new("number", true, "invoice_number", "发票号", "发票号码", "单据号"),
            new("issueDate", true, "issue_date", "invoice_date", "date", "开票日期", "日期"),
            new("dueDate", false, "due_date", "到期日", "应收日期"),
            Amount, Currency,
            new("terms", false, "payment_terms", "账期", "付款条件"),
            Rate, Reference, Memo,
        ],
        ImportKind.Receipts =>
        [
            CustomerCode,
            new("number", false, "receipt_number", "收款单号", "单据号"),
            new("date", true, "receipt_date", "收款日期", "到账日期", "日期"),
            Amount, Currency,
            new("method", false, "收款方式", "付款方式", "结算方式"),
            Reference,
            new("invoiceNumber", false, "invoice_number", "invoice", "发票号", "发票号码"),
            new("maturityDate", false, "maturity_date", "汇票到期日", "票据到期日"),
            Rate, Memo,
        ],
        _ =>
        [
            CustomerCode,
            new("number", true, "credit_note_number", "贷项单号", "红字发票号", "单据号"),
            new("date", true, "issue_date", "开具日期", "日期"),
            Amount, Currency,
            new("invoiceNumber", false, "invoice_number", "invoice", "原发票号", "发票号"),
            Reference, Memo,
        ],
    };
}
