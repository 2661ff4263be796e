using System.Net;
using System.Text;
using ArFlow.Infrastructure.Access;
using ArFlow.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;

namespace ArFlow.Tests;

/// <summary>Every endpoint and page, called by every role (and by nobody), against what this matrix
/// says it may do. An endpoint missing from the matrix fails the test, so no new endpoint goes out
/// without someone deciding who may call it.</summary>
public sealed class AuthorizationMatrixTests
{
    /// <summary>Open to anybody; only for an authenticated person; for the roles of a policy, seeing
    /// everything; for every role, a sales person or collector seeing only their own customers.</summary>
    private enum Rule { Public, SignedIn, Policy, Scoped }

    private sealed record Entry(Rule Rule, string? Policy = null);

    private static Entry Public => new(Rule.Public);
    private static Entry SignedIn => new(Rule.SignedIn);
    private static Entry Scoped => new(Rule.Scoped);
    private static Entry Only(string policy) => new(Rule.Policy, policy);

    private static readonly Dictionary<string, Entry> Matrix = new()
    {
        ["GET /health"] = Public,
        ["GET /"] = Scoped,
        ["GET /account/sign-in"] = Public,
        ["POST /account/sign-in"] = Public,
        ["GET /account/two-factor"] = Public,
        ["POST /account/two-factor"] = Public,
        ["GET /account/first-run"] = Public,
        ["POST /account/first-run"] = Public,
        ["GET /account/denied"] = Public,
        ["POST /account/denied"] = Public,
        ["GET /account/language"] = Public,
        ["GET /account/security"] = SignedIn,
        ["POST /account/security"] = SignedIn,
        ["POST /account/sign-out"] = SignedIn,
        ["GET /customers"] = Scoped,
        ["GET /customers/{Code}"] = Scoped,
        ["GET /invoices"] = Scoped,
        ["GET /receipts"] = Scoped,
        ["GET /credit-notes"] = Scoped,
        ["GET /contracts"] = Scoped,
        ["GET /ageing"] = Scoped,
        ["GET /analytics"] = Scoped,
        ["POST /analytics"] = Scoped,
        ["GET /approvals"] = Scoped,
        ["GET /approvals/{Id:long}"] = Scoped,
        ["GET /documents/{Id:long}"] = Scoped,
        ["GET /audit"] = Only(Policies.Audit),
        ["GET /admin/api-keys"] = Only(Policies.Users),
        ["GET /settings/webhooks"] = Only(Policies.Settings),
        ["POST /settings/webhooks"] = Only(Policies.Settings),
        ["GET /settings/credit"] = Only(Policies.Settings),
        ["POST /settings/credit"] = Only(Policies.Settings),
        ["GET /settings/dunning"] = Only(Policies.Settings),
        ["POST /settings/dunning"] = Only(Policies.Settings),
        ["GET /outbox"] = Only(Policies.Settings),
        ["GET /bank"] = Only(Policies.Post),
        ["GET /bank/mappings"] = Only(Policies.Settings),
        ["POST /bank/mappings"] = Only(Policies.Settings),
        ["POST /bank"] = Only(Policies.Post),
        ["GET /statements"] = Scoped,
        ["POST /statements"] = Scoped,
        ["GET /portal/{Token}"] = Public,
        ["POST /portal/{Token}"] = Public,
        ["GET /portal/{token}/statement.pdf"] = Public,
        ["GET /api/portal/{token}"] = Public,
        ["POST /api/portal/{token}/confirm"] = Public,
        ["POST /api/portal/{token}/disputes"] = Public,
        ["POST /outbox"] = Only(Policies.Settings),
        ["GET /credit/reviews"] = Scoped,
        ["POST /credit/reviews"] = Scoped,
        ["POST /admin/api-keys"] = Only(Policies.Users),
        ["GET /api/audit"] = Only(Policies.Audit),
        ["GET /api/customers/{code}/credit/"] = Scoped,
        ["POST /api/credit/check"] = Scoped,
        ["PUT /api/customers/{code}/credit/profile"] = Only(Policies.MasterData),
        ["PUT /api/customers/{code}/credit/statements/{year:int}"] = Only(Policies.MasterData),
        ["POST /api/customers/{code}/credit/reports"] = Only(Policies.MasterData),
        ["GET /api/customers/{code}/credit/reviews"] = Scoped,
        ["POST /api/customers/{code}/credit/reviews"] = Only(Policies.MasterData),
        ["GET /api/credit/reviews/due"] = Scoped,
        ["GET /api/credit/warning-rules"] = Scoped,
        ["GET /api/customers/{code}/credit/predictions"] = Scoped,
        ["POST /api/customers/{code}/credit/reports/{id:long}/file"] = Only(Policies.MasterData),
        ["GET /api/customers/{code}/credit/reports/{id:long}/file"] = Scoped,
        ["GET /api/credit/model"] = Scoped,
        ["GET /api/promises/"] = Scoped,
        ["POST /api/promises/{id:long}/cancel"] = Only(Policies.FollowUp),
        ["POST /api/customers/{code}/promises"] = Only(Policies.FollowUp),
        ["GET /api/disputes/"] = Scoped,
        ["POST /api/disputes/"] = Only(Policies.FollowUp),
        ["POST /api/disputes/{id:long}/resolve"] = Only(Policies.FollowUp),
        ["POST /api/credit/model/train"] = Only(Policies.Settings),
        ["PUT /api/credit/warning-rules"] = Only(Policies.Settings),
        ["POST /api/dunning/run"] = Only(Policies.Settings),
        ["GET /api/collections/worklist"] = Scoped,
        ["GET /api/collections/load"] = Scoped,
        ["POST /api/collections/assign"] = Only(Policies.MasterData),
        ["GET /api/collection-tasks/"] = Scoped,
        ["POST /api/collection-tasks/{id:long}/close"] = Only(Policies.FollowUp),
        ["POST /api/collection-tasks/assign"] = Only(Policies.FollowUp),
        ["GET /api/customers/{code}/activities"] = Scoped,
        ["POST /api/customers/{code}/activities"] = Only(Policies.FollowUp),
        ["POST /api/activities/{id:long}/attachments"] = Only(Policies.FollowUp),
        ["GET /api/activities/{id:long}/attachments/{fileId:long}"] = Scoped,
        ["GET /api/customers/{code}/collection-timeline"] = Scoped,
        ["GET /api/customers/{code}/interest"] = Scoped,
        ["GET /api/customers/{code}/repayment-plans"] = Scoped,
        ["POST /api/customers/{code}/repayment-plans"] = Only(Policies.FollowUp),
        ["POST /api/repayment-plans/{id:long}/cancel"] = Only(Policies.FollowUp),
        ["POST /api/customers/{code}/interest/charge"] = Only(Policies.Post),
        ["GET /api/dunning/interest"] = Scoped,
        ["PUT /api/dunning/interest"] = Only(Policies.Settings),
        ["GET /api/dunning/actions"] = Scoped,
        ["GET /api/dunning/actions/{id:long}/letter"] = Scoped,
        ["GET /api/outbox/"] = Only(Policies.Settings),
        ["POST /api/bank/statements"] = Only(Policies.Post),
        ["GET /api/bank/statements"] = Only(Policies.Post),
        ["GET /api/bank/lines"] = Only(Policies.Post),
        ["GET /api/bank/mappings"] = Only(Policies.Post),
        ["POST /api/bank/match"] = Only(Policies.Post),
        ["GET /api/bank/matches"] = Only(Policies.Post),
        ["POST /api/bank/matches/{lineId:long}/accept"] = Only(Policies.Post),
        ["PUT /api/bank/mappings"] = Only(Policies.Settings),
        ["POST /api/outbox/{id:long}/retry"] = Only(Policies.Settings),
        ["GET /api/reports/kpi"] = Scoped,
        ["GET /api/reports/kpi/trend"] = Scoped,
        ["GET /api/reports/monthly/"] = Scoped,
        ["GET /api/reports/monthly/settings"] = Scoped,
        ["PUT /api/reports/monthly/settings"] = Only(Policies.Settings),
        ["POST /api/reports/monthly/run"] = Only(Policies.Settings),
        ["GET /api/forecast/"] = Scoped,
        ["GET /api/forecast/budget"] = Scoped,
        ["GET /api/forecast/accuracy"] = Scoped,
        ["GET /api/forecast/scenarios"] = Scoped,
        ["PUT /api/forecast/scenarios/{name}"] = Only(Policies.Settings),
        ["DELETE /api/forecast/scenarios/{name}"] = Only(Policies.Settings),
        ["GET /api/forecast/scenarios/{name}/run"] = Scoped,
        ["POST /api/forecast/what-if"] = Scoped,
        ["PUT /api/forecast/budget"] = Only(Policies.Settings),
        ["POST /api/statements/issue"] = Only(Policies.FollowUp),
        ["POST /api/statements/monthly-run"] = Only(Policies.Settings),
        ["GET /api/statements/archive"] = Scoped,
        ["GET /api/statements/archive/{id:long}"] = Scoped,
        ["GET /api/statements/archive/{id:long}/pdf"] = Scoped,
        ["GET /api/statements/archive/{id:long}/replies/{replyId:long}/signature"] = Scoped,
        ["GET /api/statements/archive/{id:long}/replies/{replyId:long}/file"] = Scoped,
        ["POST /api/statements/archive/{id:long}/links"] = Only(Policies.FollowUp),
        ["POST /api/statements/links/{linkId:long}/revoke"] = Only(Policies.FollowUp),
        ["GET /api/dunning/policies"] = Scoped,
        ["PUT /api/dunning/policies"] = Only(Policies.Settings),
        ["POST /api/dunning/preview"] = Scoped,
        ["GET /api/dunning/calendar"] = Scoped,
        ["PUT /api/dunning/calendar"] = Only(Policies.Settings),
        ["GET /api/customers/{code}/dunning"] = Scoped,
        ["PUT /api/customers/{code}/dunning"] = Only(Policies.MasterData),
        ["GET /api/credit/alerts"] = Scoped,
        ["POST /api/credit/alerts/{id:long}/assign"] = Only(Policies.FollowUp),
        ["POST /api/credit/alerts/{id:long}/acknowledge"] = Only(Policies.FollowUp),
        ["POST /api/credit/alerts/{id:long}/close"] = Only(Policies.FollowUp),
        ["POST /api/credit/alerts/run"] = Only(Policies.Settings),
        ["GET /credit/alerts"] = Scoped,
        ["GET /collections"] = Scoped,
        ["POST /collections"] = Scoped,
        ["POST /credit/alerts"] = Scoped,
        ["POST /api/invoices/credit-override"] = Only(Policies.Post),
        ["POST /api/contracts/credit-override"] = Only(Policies.MasterData),
        ["GET /api/credit/scorecard"] = Scoped,
        ["PUT /api/credit/scorecard"] = Only(Policies.Settings),
        ["GET /api/credit/policy"] = Scoped,
        ["PUT /api/credit/policy"] = Only(Policies.Settings),
        ["GET /api/api-keys/"] = Only(Policies.Users),
        ["POST /api/api-keys/"] = Only(Policies.Users),
        ["POST /api/api-keys/{id:long}/revoke"] = Only(Policies.Users),
        ["GET /api/api-keys/{id:long}/uses"] = Only(Policies.Users),
        ["GET /api/webhooks/"] = Only(Policies.Settings),
        ["GET /api/webhooks/events"] = Only(Policies.Settings),
        ["POST /api/webhooks/"] = Only(Policies.Settings),
        ["POST /api/webhooks/{id:long}/active"] = Only(Policies.Settings),
        ["GET /api/webhooks/{id:long}/deliveries"] = Only(Policies.Settings),
        ["GET /receipts/new"] = Only(Policies.Post),
        ["GET /import"] = Only(Policies.Post),
        // Pages take form posts too (Blazor's enhanced forms); the same rule as their GET.
        ["POST /"] = Scoped,
        ["POST /customers"] = Scoped,
        ["POST /customers/{Code}"] = Scoped,
        ["POST /invoices"] = Scoped,
        ["POST /receipts"] = Scoped,
        ["POST /credit-notes"] = Scoped,
        ["POST /contracts"] = Scoped,
        ["POST /approvals"] = Scoped,
        ["POST /approvals/{Id:long}"] = Scoped,
        ["POST /documents/{Id:long}"] = Scoped,
        ["POST /audit"] = Only(Policies.Audit),
        ["POST /ageing"] = Scoped,
        ["POST /receipts/new"] = Only(Policies.Post),
        ["POST /import"] = Only(Policies.Post),
        ["GET /api/customers/"] = Scoped,
        ["GET /api/customers/{code}"] = Scoped,
        ["POST /api/customers/"] = Only(Policies.MasterData),
        ["PUT /api/customers/{code}"] = Only(Policies.MasterData),
        ["GET /api/customers/{code}/open-items"] = Scoped,
        ["GET /api/invoices/"] = Scoped,
        ["POST /api/invoices/"] = Only(Policies.Post),
        ["GET /api/charges/"] = Scoped,
        ["POST /api/charges/"] = Only(Policies.Post),
        ["GET /api/receipts/"] = Scoped,
        ["POST /api/receipts/"] = Only(Policies.Post),
        ["GET /api/credit-notes/"] = Scoped,
        ["POST /api/credit-notes/"] = Only(Policies.Post),
        ["POST /api/allocations"] = Only(Policies.Post),
        ["POST /api/write-offs"] = Only(Policies.Adjust),
        ["POST /api/waivers"] = Only(Policies.Adjust),
        ["POST /api/refunds"] = Only(Policies.Adjust),
        ["GET /api/documents/{id:long}"] = Scoped,
        // Anyone who reads may follow requests in their scope; the maker-checker rule (tested in
        // ApprovalTests) decides who may approve, so these answer 404 here for an unknown request.
        ["GET /api/approvals/"] = Scoped,
        ["GET /api/approvals/{id:long}"] = Scoped,
        ["POST /api/approvals/{id:long}/approve"] = Scoped,
        ["POST /api/approvals/{id:long}/reject"] = Scoped,
        ["POST /api/approvals/{id:long}/withdraw"] = Scoped,
        ["POST /api/approvals/{id:long}/attachments"] = Scoped,
        ["GET /api/approvals/{id:long}/attachments/{attachmentId:long}"] = Scoped,
        ["POST /api/customers/{code}/credit-terms"] = Only(Policies.MasterData),
        ["POST /api/customers/{code}/status"] = Only(Policies.MasterData),
        ["POST /api/users/{name}/roles"] = Only(Policies.Users),
        ["POST /api/documents/{id:long}/reverse"] = Only(Policies.Adjust),
        ["GET /api/contracts/"] = Scoped,
        ["GET /api/contracts/{id:long}"] = Scoped,
        ["POST /api/contracts/"] = Only(Policies.MasterData),
        ["POST /api/contracts/{id:long}/installments/{sequence:int}/invoice"] = Only(Policies.Post),
        ["GET /api/ageing"] = Scoped,
        ["GET /api/statements"] = Scoped,
        ["GET /api/rates/"] = Scoped,
        ["PUT /api/rates/"] = Only(Policies.Settings),
        ["GET /api/import-templates/{kind}"] = Scoped,
        ["GET /openapi/{documentName}.json"] = Public,
        ["GET /api/docs/{documentName?}"] = Public,
        ["GET /api/docs/favicon.svg"] = Public,
        ["GET /api/docs/scalar.js"] = Public,
        ["GET /api/docs/scalar.aspnetcore.js"] = Public,
        // Static files of the console that are not fingerprinted assets.
        ["GET {**path:file}"] = Public,
        ["HEAD {**path:file}"] = Public,
    };

    private const string OtherName = "Zeta Trading Other";

    // The test's people: one per role; the sales person and the collector own C-MINE, not C-OTHER.
    private static readonly Dictionary<string, string> People = new()
    {
        [Roles.Admin] = "m.admin", [Roles.FinanceManager] = "m.manager", [Roles.ArClerk] = "m.clerk", [Roles.Collector] = "m.collector",
        [Roles.Sales] = "m.sales", [Roles.Legal] = "m.legal", [Roles.Auditor] = "m.auditor",
    };

    [Fact]
    public async Task EveryEndpoint_AnswersEveryRole_AsTheMatrixSays()
    {
        await using var app = await TestApp.StartAsync(Engine.Sqlite);
        var admin = app.Client();
        await admin.Post("/api/customers", new { code = "C-MINE", name = "Mine", defaultTerms = "net 30", currency = "CNY", owner = "m.sales", collector = "m.collector" });
        await admin.Post("/api/customers", new { code = "C-OTHER", name = OtherName, defaultTerms = "net 30", currency = "CNY", owner = "other.sales", collector = "other.collector" });
        await admin.Post("/api/invoices", new { customerCode = "C-MINE", number = "INV-MINE", issueDate = "2026-05-01", amount = 100m });
        var other = await admin.Post("/api/invoices", new { customerCode = "C-OTHER", number = "INV-OTHER", issueDate = "2026-05-01", amount = 100m });
        var contract = await admin.Post("/api/contracts", new { customerCode = "C-OTHER", number = "K-OTHER", signedDate = "2026-05-01", total = 300m, plan = new { kind = "equal", count = 3, firstDueDate = "2026-06-01" } });
        var samples = new Dictionary<string, string>
        {
            ["{code}"] = "C-OTHER", ["{Code}"] = "C-OTHER", ["{id:long}"] = other["id"]!.ToString(), ["{Id:long}"] = other["id"]!.ToString(), ["{sequence:int}"] = "1", ["{year:int}"] = "2025",
            ["{kind}"] = "invoices", ["{attachmentId:long}"] = "1", ["{lineId:long}"] = "1", ["{replyId:long}"] = "1", ["{linkId:long}"] = "1", ["{token}"] = "x", ["{Token}"] = "x", ["{name}"] = "m.clerk", ["{documentName}"] = "v1", ["{documentName?}"] = "", ["{**path:file}"] = "/no-such-file.txt",
        };
        var contractId = contract["id"]!.ToString();
        var statementId = (await admin.Post("/api/statements/issue", new { customer = "C-OTHER", from = "2026-05-01", to = "2026-05-31" }))["id"]!.ToString();

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null && !e.RoutePattern.RawText!.StartsWith("/_", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var missing = endpoints.Where(e => !Matrix.ContainsKey(e)).ToList();
        Assert.True(missing.Count == 0, "Endpoints without an entry in the authorization matrix:\n" + string.Join("\n", missing));
        var stale = Matrix.Keys.Except(endpoints).ToList();
        Assert.True(stale.Count == 0, "Matrix entries without an endpoint:\n" + string.Join("\n", stale));

        var callers = People.ToDictionary(p => p.Key, p => app.Client(asUser: p.Value, role: p.Key));
        var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var (method, pattern) = (endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)], endpoint[(endpoint.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            var url = samples.Aggregate(pattern, (u, s) => u.Replace(s.Key, s.Value, StringComparison.Ordinal));
            if (pattern.StartsWith("/api/contracts/{id:long}", StringComparison.Ordinal)) url = url.Replace(other["id"]!.ToString(), contractId, StringComparison.Ordinal);
            if (pattern.StartsWith("/api/statements/archive/{id:long}", StringComparison.Ordinal)) url = url.Replace(other["id"]!.ToString(), statementId, StringComparison.Ordinal);
            // Not a key of the callers: revoking one would lock that caller out for the rest of the test.
            if (pattern.StartsWith("/api/api-keys/{id:long}", StringComparison.Ordinal)) url = url.Replace(other["id"]!.ToString(), "999999", StringComparison.Ordinal);
            if (pattern == "/api/statements") url += "?customer=C-OTHER&from=2026-01-01&to=2026-12-31";
            if (pattern == "/account/language") url += "?culture=zh-CN";
            var entry = Matrix[endpoint];

            var status = (int)(await Send(anonymous, method, url)).StatusCode;
            var anonymousOk = entry.Rule == Rule.Public ? status is not (401 or 403) : status is 401 or 302;
            if (!anonymousOk) failures.Add($"{endpoint} anonymous: {status}");

            foreach (var (role, client) in callers)
            {
                var response = await Send(client, method, url);
                var code = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                var allowed = entry.Rule != Rule.Policy || Policies.RolesOf[entry.Policy!].Contains(role);
                if (allowed && code is 401 or 403) failures.Add($"{endpoint} {role}: refused ({code}) but allowed");
                if (!allowed && code != 403) failures.Add($"{endpoint} {role}: {code} but should be refused ({url}: {body})");
                if (entry.Rule == Rule.Scoped && method == "GET" && code == 200)
                {
                    // Scoped: C-OTHER is not theirs, so a sales person or collector must not see it; everyone else must.
                    var limited = role is Roles.Sales or Roles.Collector;
                    // A page may echo the code from its own address; what it must not show is the customer's data.
                    var markers = pattern.StartsWith("/api/", StringComparison.Ordinal) ? new[] { "C-OTHER", "INV-OTHER", "K-OTHER", OtherName } : [OtherName, "INV-OTHER", "K-OTHER"];
                    var sees = markers.Any(m => body.Contains(m, StringComparison.Ordinal));
                    var shows = ShowsOtherCustomer(pattern);
                    if (limited && sees) failures.Add($"{endpoint} {role}: leaks another person's customer");
                    if (!limited && shows && !sees) failures.Add($"{endpoint} {role}: does not show C-OTHER (the scope check proves nothing here)");
                }
                if (entry.Rule == Rule.Scoped && role is Roles.Sales or Roles.Collector && code == 200 && pattern.Contains('{', StringComparison.Ordinal)
                    && pattern.StartsWith("/api/", StringComparison.Ordinal) && pattern != "/api/import-templates/{kind}")
                    failures.Add($"{endpoint} {role}: answered 200 for another person's customer (expected 404)");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task ScopedPeople_SeeTheirOwnCustomers_ThroughTheApi()
    {
        await using var app = await TestApp.StartAsync(Engine.Sqlite);
        var admin = app.Client();
        await admin.Post("/api/customers", new { code = "C-MINE", name = "Mine", defaultTerms = "net 30", currency = "CNY", owner = "m.sales", collector = "m.collector" });
        await admin.Post("/api/customers", new { code = "C-OTHER", name = "Other", defaultTerms = "net 30", currency = "CNY", owner = "other.sales" });
        await admin.Post("/api/invoices", new { customerCode = "C-MINE", number = "INV-MINE", issueDate = "2026-05-01", amount = 100m });
        await admin.Post("/api/invoices", new { customerCode = "C-OTHER", number = "INV-OTHER", issueDate = "2026-05-01", amount = 250m });

        foreach (var (user, role) in new[] { ("m.sales", Roles.Sales), ("m.collector", Roles.Collector) })
        {
            var client = app.Client(asUser: user, role: role);
            var customers = await client.Get("/api/customers");
            Assert.Equal(["C-MINE"], customers["items"]!.AsArray().Select(c => c!["code"].Str()));
            var invoices = await client.Get("/api/invoices");
            Assert.Equal(["INV-MINE"], invoices["items"]!.AsArray().Select(c => c!["number"].Str()));
            await client.Get("/api/customers/C-MINE");
            await client.Get("/api/customers/C-OTHER", 404);
            var ageing = await client.Get("/api/ageing?by=currency");
            Assert.Equal(100m, ageing["rows"]![0]!["balance"].Dec());
        }
        // An unscoped reader sees both.
        var auditor = app.Client(asUser: "m.auditor", role: Roles.Auditor);
        Assert.Equal(350m, (await auditor.Get("/api/ageing?by=currency"))["rows"]![0]!["balance"].Dec());
    }

    /// <summary>The lists and reports that, for an unscoped reader, include C-OTHER's data.</summary>
    private static bool ShowsOtherCustomer(string pattern) => pattern is
        "/api/customers/" or "/api/customers/{code}" or "/api/customers/{code}/open-items" or "/api/invoices/" or "/api/documents/{id:long}"
        or "/api/contracts/" or "/api/contracts/{id:long}" or "/api/ageing" or "/api/statements" or "/customers/{Code}" or "/documents/{Id:long}"
        or "/api/customers/{code}/credit/" or "/api/credit/reviews/due" or "/api/statements/archive" or "/api/statements/archive/{id:long}" or "/statements";

    private static Task<HttpResponseMessage> Send(HttpClient client, string method, string url)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        // Uploads are routed by content type (a JSON body would be turned away with 415 before authorization).
        var upload = url.EndsWith("/file", StringComparison.Ordinal) || url.EndsWith("/attachments", StringComparison.Ordinal) || url.EndsWith("/disputes", StringComparison.Ordinal) || url == "/api/bank/statements";
        if (method is "POST" or "PUT")
            request.Content = upload
                ? new MultipartFormDataContent { { new ByteArrayContent("x"u8.ToArray()), "file", "x.txt" } }
                : new StringContent("{}", Encoding.UTF8, "application/json");
        return client.SendAsync(request);
    }
}
