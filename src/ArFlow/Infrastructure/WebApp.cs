using System.Globalization;
using ArFlow.Data;
using ArFlow.Data.Audit;
using ArFlow.Data.Entities;
using ArFlow.Features.Account;
using ArFlow.Features.Adjustments;
using ArFlow.Features.Ageing;
using ArFlow.Features.Analytics;
using ArFlow.Features.Approvals;
using ArFlow.Features.Audit;
using ArFlow.Features.Bank;
using ArFlow.Features.Collections;
using ArFlow.Features.Contracts;
using ArFlow.Features.Credit;
using ArFlow.Features.Customers;
using ArFlow.Features.Demo;
using ArFlow.Features.Dunning;
using ArFlow.Features.Imports;
using ArFlow.Features.Invoices;
using ArFlow.Features.Outbox;
using ArFlow.Features.Rates;
using ArFlow.Features.Receipts;
using ArFlow.Features.Statements;
using ArFlow.Features.Users;
using ArFlow.Features.Webhooks;
using ArFlow.Infrastructure.Access;
using ArFlow.Infrastructure.Outbox;
using ArFlow.Shell;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;
using Scalar.AspNetCore;

namespace ArFlow.Infrastructure;

/// <summary>The web server: services, middleware and every feature's endpoints.</summary>
public static class WebApp
{
    public static WebApplication Build(string[] args, bool demo = false)
    {
        // Named after this assembly (not the entry one), so the static assets' manifests are found
        // when another program hosts the app (the benchmarks do).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(WebApp).Assembly.GetName().Name });
        // From a build (dotnet run, the tests) the console's CSS and scripts come from the static web
        // assets manifest beside the assembly; a published app has them in wwwroot and no manifest.
        builder.WebHost.UseStaticWebAssets();
        // First of the hosted services: the schema must exist before anything (the key ring of
        // data protection, for one) reads from the database.
        builder.Services.AddHostedService(sp => new DatabaseStartup(sp, demo));
        builder.Services.AddArFlow(builder.Configuration);
        builder.Services.AddArFlowAccess();
        builder.Services.AddArFlowRateLimits();
        builder.Services.AddHostedService<AuditAnchorJob>();
        builder.Services.AddSingleton<ApiKeyUseLog>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ApiKeyUseLog>());
        builder.Services.AddHttpClient(OutboxChannels.Webhook, c => c.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddHttpClient(OutboxChannels.Sms, c => c.Timeout = TimeSpan.FromSeconds(15));
        builder.Services.AddSingleton<OutboxSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
        builder.Services.AddHostedService<OverdueInvoices>();
        builder.Services.AddHostedService<Features.Credit.CreditWarningsJob>();
        builder.Services.AddHostedService<Features.Prediction.PaymentModelJob>();
        builder.Services.AddHostedService<Features.Dunning.DunningJob>();
        builder.Services.AddHostedService<StatementRunJob>();
        builder.Services.AddHostedService<Features.Analytics.MonthlyReportJob>();
        // Problems the framework answers by itself (not signed in, not allowed, no such path) speak
        // the caller's language like every other problem.
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            if (ctx.ProblemDetails.Status is 401 or 403 or 404 && ctx.Exception is null
                && (ctx.ProblemDetails.Title is null || ctx.ProblemDetails.Title == Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(ctx.ProblemDetails.Status.Value)))
                ctx.ProblemDetails.Title = Text.Ui(ctx.ProblemDetails.Status switch
                {
                    401 => "problem.unauthorized",
                    403 => "problem.forbidden",
                    _ => "problem.not_found",
                });
        });
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.AddOpenApi();
        builder.Services.AddScoped<IdempotencyFilter>();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AuthenticationStateProvider, RevalidatingAuthentication>();
        builder.Services.AddMudServices();
        builder.Services.AddLocalizationInterceptor<MudText>();
        builder.Services.AddSingleton<Labels>();
        builder.Services.AddScoped<ConsoleDb>();
        builder.Services.AddScoped<Features.Approvals.ConsoleApprovals>();

        var app = builder.Build();
        // Behind a TLS-terminating proxy on the same host, the request is HTTPS (secure cookies).
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Text.English),
            SupportedCultures = Text.Supported,
            SupportedUICultures = Text.Supported,
            ApplyCurrentCultureToResponseHeaders = true,
            RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new CustomRequestCultureProvider(http => Task.FromResult<ProviderCultureResult?>(
                    http.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).FirstOrDefault() is { } lang
                        ? new ProviderCultureResult(Text.Closest(lang.Value.Value).Name)
                        : null)),
            ],
        });
        // Inside the localization, so the problems they write are in the caller's language.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Before signing in: a flood is turned away before it costs a key lookup or a password hash.
        app.UseRateLimiter();
        app.UseAuthentication();
        var keyUses = app.Services.GetRequiredService<ApiKeyUseLog>();
        app.Use((http, next) => keyUses.InvokeAsync(http, () => next(http)));
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/api/docs").AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapPortalEndpoints();
        app.MapGet("/health", () => Results.Ok(new { status = "ok" })).WithTags("Operations").AllowAnonymous();

        // Every API endpoint needs a signed-in person or key that may read; writes name a stricter policy.
        var api = app.MapGroup("").RequireAuthorization(Policies.Read);
        api.MapCustomerEndpoints();
        api.MapInvoiceEndpoints();
        api.MapReceiptEndpoints();
        api.MapAdjustmentEndpoints();
        api.MapApprovalEndpoints();
        api.MapAuditEndpoints();
        api.MapApiKeyEndpoints();
        api.MapWebhookEndpoints();
        api.MapOutboxEndpoints();
        api.MapBankEndpoints();
        api.MapCreditEndpoints();
        api.MapCreditCheckEndpoint();
        api.MapCreditSettingsEndpoints();
        api.MapCollectionEndpoints();
        api.MapDunningEndpoints();
        api.MapContractEndpoints();
        api.MapAgeingEndpoints();
        api.MapStatementEndpoints();
        api.MapAnalyticsEndpoints();
        api.MapRateEndpoints();
        api.MapImportTemplateEndpoints();
        return app;
    }

    /// <summary>What both the web server and the command line need.</summary>
    public static IServiceCollection AddArFlow(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => configuration.GetSection(ArFlowOptions.Section).Get<ArFlowOptions>() ?? new ArFlowOptions());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Clock>();
        services.AddDbContextFactory<ArFlowDbContext>((sp, o) => DatabaseLocation.Parse(sp.GetRequiredService<ArFlowOptions>().Database).Configure(o));
        // A request's context sees what its signed-in person may see; without a person (command
        // line, start-up work) it sees everything.
        // The audit trail names whoever acts: the request's person or key, else the command's
        // operating-system user (registered by the command line), else the system.
        services.AddScoped(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<ArFlowDbContext>>().CreateDbContext();
            db.Time = sp.GetRequiredService<TimeProvider>();
            var fallback = sp.GetService<AuditActor>() ?? AuditActor.System;
            db.ActorOf = () => fallback;
            if (sp.GetService<IHttpContextAccessor>() is { } http)
            {
                db.ScopeOf = () => http.HttpContext?.User is { } user ? Roles.ScopeOf(user) : CustomerScope.All;
                db.ActorOf = () => http.HttpContext is { } context ? Actors.Of(context) : fallback;
            }
            return db;
        });
        services.AddSingleton<DunningMessages>();
        services.AddSingleton<PortalTokens>();
        services.AddSingleton<IssueStatements>();
        services.AddSingleton<Portal>();
        services.AddSingleton<IOutboxComposer, StatementMessages>();
        services.AddSingleton<Features.Analytics.MonthlyReportRun>();
        services.AddSingleton<IOutboxComposer, Features.Analytics.MonthlyReportMessages>();
        services.AddSingleton<IOutboxComposer>(sp => sp.GetRequiredService<DunningMessages>());
        services.AddArFlowAccounts();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            // Settings kept as data hold the domain's enums: spelt as words (call-task), as the API spells every choice.
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower));
        });
        return services;
    }
}

/// <summary>Applies migrations and makes the roles when the server starts and, with --demo, creates
/// the demo company and its people in an empty database.</summary>
public sealed class DatabaseStartup(IServiceProvider services, bool demo) : IHostedService
{
    /// <summary>The schema and the roles: what the server and every command need before anything else.</summary>
    public static async Task PrepareAsync(IServiceProvider services, CancellationToken ct)
    {
        await DatabaseLocation.Parse(services.GetRequiredService<ArFlowOptions>().Database).MigrateAsync(ct);
        await using var scope = services.CreateAsyncScope();
        await UserAccounts.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<long>>>());
        // A ledger from before the chain existed is sealed once, before anything new is posted.
        await LedgerSeal.SealUnsealedAsync(scope.ServiceProvider.GetRequiredService<ArFlowDbContext>(), ct);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(services, cancellationToken);
        if (!demo) return;
        var options = services.GetRequiredService<ArFlowOptions>();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArFlowDbContext>();
        var clock = scope.ServiceProvider.GetRequiredService<Clock>();
        // The demo's accounts (with a password the README prints) come only with a demo company
        // just created: --demo against a real database must not open it to the world.
        if (await DemoCompany.CreateIfEmptyAsync(db, options, clock, DemoCompany.DefaultSize, cancellationToken) is not null)
            await UserAccounts.AddDemoPeopleAsync(scope.ServiceProvider, clock.Now);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
