using System.CommandLine;
using ArFlow.Data;
using ArFlow.Infrastructure;

namespace ArFlow.Features.Audit;

/// <summary>`arflow audit verify` walks both chains and the anchors (exit code 1 when a record does
/// not verify); `arflow audit anchor` writes the chains' heads to the anchor file now (for cron).</summary>
public static class AuditCommand
{
    private static readonly Option<string?> Format = new("--format") { Description = "text or json" };

    public static Command Build()
    {
        var verify = new Command("verify", "Check every hash of the audit trail and the ledger, and the anchors") { Format };
        verify.SetAction(async (parse, ct) =>
        {
            var format = parse.GetValue(Format);
            await using var services = Cli.Services(parse);
            await Cli.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var report = await VerifyAudit.Handle(scope.ServiceProvider.GetRequiredService<ArFlowDbContext>(),
                AuditAnchors.FileFor(services.GetRequiredService<ArFlowOptions>()), ct);
            if (format == "json") Cli.WriteJson(report);
            else
            {
                Print("audit.chain.audit", report.Audit);
                Print("audit.chain.ledger", report.Ledger);
                Console.WriteLine(Text.Ui("cli.audit_anchors", report.AnchorsChecked, report.AnchorFile));
            }
            return report.Ok ? Cli.Ok : Cli.Failed;
        });

        var anchor = new Command("anchor", "Write the heads of the audit trail and the ledger to the anchor file and the log");
        anchor.SetAction(async (parse, ct) =>
        {
            await using var services = Cli.Services(parse);
            await Cli.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var file = AuditAnchors.FileFor(services.GetRequiredService<ArFlowOptions>());
            var written = await AuditAnchors.WriteAsync(scope.ServiceProvider.GetRequiredService<ArFlowDbContext>(), file,
                Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
            Console.WriteLine(written is null ? Text.Ui("cli.audit_anchor_same", file) : Text.Ui("cli.audit_anchor_written", written.AuditId, written.LedgerId, file));
            return Cli.Ok;
        });
        return new Command("audit", "The tamper-evident audit trail") { verify, anchor };
    }

    private static void Print(string chain, VerifyAudit.ChainReport r) =>
        Console.WriteLine(r.FaultId is null
            ? Text.Ui("cli.audit_ok", Text.Ui(chain), r.Verified, r.LastId)
            : Text.Ui("cli.audit_fault", Text.Ui(chain), r.FaultId, Text.Ui(r.Fault!)));
}
