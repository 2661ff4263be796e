using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ArFlow.Tests.Infrastructure;

/// <summary>The real app over the real HTTP pipeline, on a fresh database, with a clock the test
/// moves. Today is 2026-06-30 in Shanghai unless the test moves it.</summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 6, 30, 2, 0, 0, TimeSpan.Zero);

    private TestApp(TestDatabase database)
    {
        Database = database;
    }

    public TestDatabase Database { get; }
    public FakeTimeProvider Time { get; } = new(Start);

    public static async Task<TestApp> StartAsync(Engine engine) => new(await TestDatabase.CreateAsync(engine));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ArFlow:Database", Database.ConnectionString);
        builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(Time));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

    public HttpClient Client(string language = "en-US")
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }
}

public static class Http
{
    public static async Task<JsonNode> Json(this HttpResponseMessage response, int expectedStatus)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"Expected {expectedStatus}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public static async Task<JsonNode> Post(this HttpClient client, string url, object body, int expectedStatus = 201) =>
        await (await client.PostAsJsonAsync(url, body)).Json(expectedStatus);

    public static async Task<JsonNode> Get(this HttpClient client, string url, int expectedStatus = 200) =>
        await (await client.GetAsync(url)).Json(expectedStatus);

    public static decimal Dec(this JsonNode? node) => node!.GetValue<decimal>();

    public static string Str(this JsonNode? node) => node!.GetValue<string>();

    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
