namespace ArFlow.Domain.Collections;

/// <summary>The dunning policies that ship: "standard" for grades A–C and customers without a grade,
/// "close-watch" for grade D (earlier calls, earlier escalation). Admins edit both.</summary>
internal static class ShippedPolicies
{
    private const string List =
        "{% for i in invoices %}- {{ i.number }}  {{ i.due_date }}  {{ i.open }} {{ i.currency }}{% if i.days_overdue > 0 %}  ({{ i.days_overdue }}){% endif %}\n{% endfor %}";

    private static readonly MessageTemplate UpcomingZh = new("付款提醒：发票即将到期",
        "{{ contact.name }}，您好：\n\n以下发票即将到期，请安排付款：\n" + List + "\n合计：{{ total }} {{ currency }}\n{{ payment_instructions }}{% if portal_link %}\n对账与在线确认：{{ portal_link }}{% endif %}\n\n如已付款，请忽略本提醒。\n{{ company.name }}");
    private static readonly MessageTemplate UpcomingEn = new("Payment reminder: invoices falling due",
        "Dear {{ contact.name }},\n\nThe following invoices fall due shortly:\n" + List + "\nTotal: {{ total }} {{ currency }}\n{{ payment_instructions }}{% if portal_link %}\nStatement and confirmation: {{ portal_link }}{% endif %}\n\nIf you have already paid, please ignore this reminder.\n{{ company.name }}");
    private static readonly MessageTemplate DueZh = new("付款提醒：发票今日到期",
        "{{ contact.name }}，您好：\n\n以下发票今日到期：\n" + List + "\n合计：{{ total }} {{ currency }}\n{{ payment_instructions }}{% if portal_link %}\n{{ portal_link }}{% endif %}\n\n{{ company.name }}");
    private static readonly MessageTemplate DueEn = new("Payment reminder: invoices due today",
        "Dear {{ contact.name }},\n\nThe following invoices are due today:\n" + List + "\nTotal: {{ total }} {{ currency }}\n{{ payment_instructions }}{% if portal_link %}\n{{ portal_link }}{% endif %}\n\n{{ company.name }}");
    private static readonly MessageTemplate OverdueZh = new("逾期提醒：请尽快付款",
        "{{ contact.name }}，您好：\n\n以下发票已逾期（括号内为逾期天数），请尽快付款：\n" + List + "\n逾期合计：{{ total }} {{ currency }}\n{{ payment_instructions }}{% if portal_link %}\n{{ portal_link }}{% endif %}\n\n如有异议，请直接回复本邮件。\n{{ company.name }}");
    private static readonly MessageTemplate OverdueEn = new("Overdue invoices: please pay now",
        "Dear {{ contact.name }},\n\nThe following invoices are overdue (days overdue in brackets):\n" + List + "\nTotal overdue: {{ total }} {{ currency }}\n{{ payment_instructions }}{% if portal_link %}\n{{ portal_link }}{% endif %}\n\nIf you dispute any of them, reply to this email.\n{{ company.name }}");
    private static readonly MessageTemplate FormalZh = new("催款函：逾期应收款项",
        "{{ customer.name }}：\n\n截至今日，贵司以下款项已严重逾期，附件为正式催款函。请于七日内付清或与我们联系：\n" + List + "\n逾期合计：{{ total }} {{ currency }}\n{{ payment_instructions }}\n\n{{ company.name }}");
    private static readonly MessageTemplate FormalEn = new("Formal notice: overdue receivables",
        "To {{ customer.name }}:\n\nThe following amounts are seriously overdue; our formal letter is attached. Please pay within seven days or contact us:\n" + List + "\nTotal overdue: {{ total }} {{ currency }}\n{{ payment_instructions }}\n\n{{ company.name }}");
    private static readonly MessageTemplate SmsZh = new("", "【{{ company.name }}】{{ customer.name }}：贵司有 {{ invoices.size }} 张发票已逾期，合计 {{ total }} {{ currency }}，请尽快付款。{% if portal_link %}{{ portal_link }}{% endif %}");
    private static readonly MessageTemplate SmsEn = new("", "{{ company.name }}: {{ invoices.size }} invoice(s) of {{ customer.name }} are overdue, total {{ total }} {{ currency }}. Please pay.{% if portal_link %} {{ portal_link }}{% endif %}");
    private static readonly MessageTemplate CallZh = new("致电客户", "致电 {{ customer.name }}（{{ contact.name }} {{ contact.phone }}），逾期合计 {{ total }} {{ currency }}，记录结果与承诺付款。");
    private static readonly MessageTemplate CallEn = new("Call the customer", "Call {{ customer.name }} ({{ contact.name }} {{ contact.phone }}) about {{ total }} {{ currency }} overdue; record the outcome and any promise.");
    private static readonly MessageTemplate VisitZh = new("上门拜访", "拜访 {{ customer.name }}，逾期合计 {{ total }} {{ currency }}。");
    private static readonly MessageTemplate VisitEn = new("Visit the customer", "Visit {{ customer.name }} about {{ total }} {{ currency }} overdue.");
    private static readonly MessageTemplate EscalateZh = new("升级：逾期客户", "{{ customer.name }} 逾期合计 {{ total }} {{ currency }}，催收员 {{ customer.collector }}，请经理跟进。");
    private static readonly MessageTemplate EscalateEn = new("Escalation: overdue customer", "{{ customer.name }} owes {{ total }} {{ currency }} overdue (collector {{ customer.collector }}); please follow up.");
    private static readonly MessageTemplate LegalZh = new("移交法务", "{{ customer.name }} 逾期合计 {{ total }} {{ currency }}，请审核后移交法务处理并保全证据。");
    private static readonly MessageTemplate LegalEn = new("Hand over to legal", "{{ customer.name }} owes {{ total }} {{ currency }} overdue; review and hand over to legal, preserving the evidence.");

    private static Dictionary<string, MessageTemplate> Both(MessageTemplate zh, MessageTemplate en) =>
        new() { [DunningPolicies.Chinese] = zh, [DunningPolicies.English] = en };

    public static DunningPolicies Build()
    {
        var standard = new DunningPolicy("standard", "Standard / 标准",
        [
            new(-7, DunningChannel.Email, DunningActor.System, Both(UpcomingZh, UpcomingEn)),
            new(0, DunningChannel.Email, DunningActor.System, Both(DueZh, DueEn)),
            new(7, DunningChannel.Email, DunningActor.System, Both(OverdueZh, OverdueEn)),
            new(15, DunningChannel.Sms, DunningActor.System, Both(SmsZh, SmsEn)),
            new(30, DunningChannel.CallTask, DunningActor.Collector, Both(CallZh, CallEn)),
            new(60, DunningChannel.Email, DunningActor.System, Both(FormalZh, FormalEn), AttachLetter: true, ChargeInterest: true),
            new(90, DunningChannel.Legal, DunningActor.Manager, Both(LegalZh, LegalEn)),
        ]);
        var closeWatch = new DunningPolicy("close-watch", "Close watch / 重点关注",
        [
            new(-7, DunningChannel.Email, DunningActor.System, Both(UpcomingZh, UpcomingEn)),
            new(0, DunningChannel.Email, DunningActor.System, Both(DueZh, DueEn)),
            new(3, DunningChannel.Sms, DunningActor.System, Both(SmsZh, SmsEn)),
            new(7, DunningChannel.CallTask, DunningActor.Collector, Both(CallZh, CallEn)),
            new(15, DunningChannel.Email, DunningActor.System, Both(FormalZh, FormalEn), AttachLetter: true, ChargeInterest: true),
            new(21, DunningChannel.VisitTask, DunningActor.Collector, Both(VisitZh, VisitEn)),
            new(30, DunningChannel.Escalation, DunningActor.Manager, Both(EscalateZh, EscalateEn)),
            new(60, DunningChannel.Legal, DunningActor.Manager, Both(LegalZh, LegalEn)),
        ]);
        return new DunningPolicies([standard, closeWatch], new Dictionary<string, string> { ["A"] = "standard", ["B"] = "standard", ["C"] = "standard", ["D"] = "close-watch" }, "standard");
    }
}
