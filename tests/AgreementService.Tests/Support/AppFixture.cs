using AgreementService.LocalDatabase;
using Alba;
using AgreementService.Infrastructure;
using Marten;
using JasperFx.Resources;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace AgreementService.Tests.Support;

/// <summary>One service host per test run, on a real PostgreSQL.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public const string AdminToken = "agr_test-administrator-token-0123456789";

    /// <summary>The person named an administrator in the configuration (Agreements:Administrators).</summary>
    public const string AdministratorEmail = "coordinator@agreements.test";

    private ProvisionedDatabase? _database;
    public IAlbaHost Host { get; private set; } = null!;
    public string ConnectionString => _database!.ConnectionString;

    /// <summary>The SMTP server the service sends every email to.</summary>
    public Smtp Smtp { get; } = new();

    /// <summary>What the host logs: at the configured levels, and from the service's own categories down to Debug.</summary>
    public CapturedLogs Logs { get; } = new();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.ProvisionAsync();
        // Program reads its configuration before the host is built, so the settings travel as environment variables.
        Environment.SetEnvironmentVariable("ConnectionStrings__Agreements", _database.ConnectionString);
        Environment.SetEnvironmentVariable("Agreements__AdminToken", AdminToken);
        // Test receivers listen on loopback; the refusal of private destinations is tested with the setting off.
        Environment.SetEnvironmentVariable("Agreements__Webhooks__AllowPrivateAddresses", "true");
        Environment.SetEnvironmentVariable("Agreements__Smtp__Host", "127.0.0.1");
        Environment.SetEnvironmentVariable("Agreements__Smtp__Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Environment.SetEnvironmentVariable("Agreements__Smtp__Sender", "Community Agreement <agreements@agreements.test>");
        Environment.SetEnvironmentVariable("Agreements__PublicUrl", "https://agreements.test");
        // Every test runs from one (in-memory) address; the limits themselves are tested on a process of their own.
        Environment.SetEnvironmentVariable("Agreements__Administrators", AdministratorEmail);
        foreach (var limit in new[] { "WritesPerMinute", "WritesPerAddressPerMinute", "FailedAuthenticationsPerMinute", "ComparisonsPerMinute", "SignInsPerAddressPerMinute" })
        {
            Environment.SetEnvironmentVariable($"Agreements__{limit}", "1000000");
        }

        Host = await AlbaHost.For<Program>(web => web.ConfigureLogging(logging =>
            logging.AddProvider(Logs).AddFilter<CapturedLogs>("AgreementService", LogLevel.Debug)));
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Smtp.DisposeAsync();
        await _database!.DisposeAsync();
    }

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>A database of its own in the test cluster, for a service process that must not share the test host's.</summary>
    public Task<string> NewDatabaseAsync(string purpose) => TestDatabase.CreateAsync(ConnectionString, purpose);

    public async Task ResetAsync()
    {
        await Store.Advanced.ResetAllData();
        Smtp.Clear();
        await Host.ResetResourceState();
        Host.Services.GetRequiredService<AgreementService.Publishing.PublicCache>().Clear();
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "service";
}

/// <summary>Base of integration tests: a clean database before each test, and an HTTP client.</summary>
[Collection(AppCollection.Name)]
public abstract class IntegrationContext(AppFixture app) : IAsyncLifetime
{
    protected AppFixture App { get; } = app;
    protected Api Api { get; } = new(app.Host.Server.CreateClient());

    public Task InitializeAsync() => App.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Events plus documents: what a refused request must leave unchanged.</summary>
    protected async Task<long> WrittenAsync()
    {
        var stats = await App.Store.Advanced.FetchEventStoreStatistics();
        await using var session = App.Store.QuerySession();
        var documents = await session.QueryAsync<long>(
            $"select (select count(*) from {CritterStack.Schema}.mt_doc_organisation) + (select count(*) from {CritterStack.Schema}.mt_doc_participant)");
        return stats.EventCount + documents[0];
    }
}
