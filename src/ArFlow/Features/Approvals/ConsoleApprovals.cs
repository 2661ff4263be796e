using ArFlow.Infrastructure;
using ArFlow.Shell;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ArFlow.Features.Approvals;

/// <summary>How a console page asks for a change that may need approval: a request that waits opens
/// its own page; a change made at once is announced. The page gets the errors to show (none when it
/// went through) and the outcome, to reload or go on from.</summary>
public sealed class ConsoleApprovals(ConsoleDb db, ArFlowOptions options, Clock clock, NavigationManager navigation, ISnackbar snackbar)
{
    public async Task<(IReadOnlyList<string> Errors, RequestApproval.Outcome? Outcome)> AskAsync(string action, object payload, string? reason)
    {
        await using var context = await db.OpenAsync();
        var outcome = await RequestApproval.Handle(context, action, payload, reason, await db.UserAsync(), options, clock, CancellationToken.None);
        if (!outcome.IsSuccess) return (outcome.Errors.Select(e => e.Message()).ToList(), null);
        if (outcome.Value!.Request is { } request)
        {
            snackbar.Add(Text.Ui("document.requested", request.Id), Severity.Info);
            navigation.NavigateTo($"/approvals/{request.Id}");
        }
        else snackbar.Add(Text.Ui("document.changed"), Severity.Success);
        return ([], outcome.Value);
    }
}
