namespace ArFlow.Features.Receipts;

/// <summary>The words Chinese bank exports and finance teams use for how money came in.</summary>
public static class ReceiptMethods
{
    private static readonly Dictionary<string, string> Chinese = new(StringComparer.Ordinal)
    {
        ["银行转账"] = "BankTransfer", ["转账"] = "BankTransfer", ["电汇"] = "BankTransfer", ["汇款"] = "BankTransfer",
        ["现金"] = "Cash",
        ["刷卡"] = "Card", ["银行卡"] = "Card", ["信用卡"] = "Card",
        ["在线支付"] = "Online", ["网银"] = "Online", ["支付宝"] = "Online", ["微信"] = "Online", ["微信支付"] = "Online",
        ["银行承兑汇票"] = "BankAcceptanceBill", ["银承"] = "BankAcceptanceBill", ["银票"] = "BankAcceptanceBill",
        ["商业承兑汇票"] = "CommercialAcceptanceBill", ["商承"] = "CommercialAcceptanceBill", ["商票"] = "CommercialAcceptanceBill",
    };

    public static string? Normalize(string? text) =>
        text is null ? null : Chinese.TryGetValue(text.Trim(), out var method) ? method : text;
}
