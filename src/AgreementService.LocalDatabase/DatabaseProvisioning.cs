using Microsoft.Extensions.Configuration;
using Testcontainers.PostgreSql;

namespace AgreementService.LocalDatabase;

/// <summary>
/// A database connection string and, when this process started the server, the means to stop it. The server may still
/// be starting: <see cref="Ready"/> completes when it answers (and throws <see cref="DatabaseUnavailableException"/> when it cannot).
/// </summary>
public sealed class ProvisionedDatabase(string connectionString, string description, IAsyncDisposable? server = null, Task? ready = null)
    : IAsyncDisposable
{
    public string ConnectionString { get; } = connectionString;
    public string Description { get; } = description;
    public bool StartedHere => server is not null;
    public Task Ready { get; } = ready ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => server?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>Thrown when no database is configured and none can be provisioned on this machine.</summary>
public sealed class DatabaseUnavailableException(string message) : Exception(message);

public static class DatabaseProvisioning
{
    public const string ConnectionStringName = "Agreements";

    /// <summary>
    /// The service's database: the configured connection string; else a persistent cluster from the local
    /// PostgreSQL binaries; else a PostgreSQL container when a Docker engine answers.
    /// </summary>
    public static async Task<ProvisionedDatabase> ForServiceAsync(IConfiguration configuration, CancellationToken ct = default)
    {
        if (configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } configured)
        {
            return new ProvisionedDatabase(configured, "the configured connection string ConnectionStrings:Agreements");
        }

        var dataDirectory = Path.GetFullPath(configuration["Agreements:DataDirectory"] ?? Path.Combine(".data", "postgres"));
        if (LocalPostgres.FindBinaries(configuration["Agreements:PostgresBinaries"]) is { } binaries)
        {
            // The embedded server starts while the host is built; the host awaits Ready before its first connection.
            var server = LocalPostgres.Begin(binaries, dataDirectory, throwaway: false, ct);
            return new ProvisionedDatabase(server.ConnectionString,
                $"an embedded PostgreSQL from {binaries} with its data in {dataDirectory}", server, ExplainFailure(server.Ready, dataDirectory));
        }

        if (await DockerPostgres.TryStartAsync(dataDirectory, ct) is { } container)
        {
            return new ProvisionedDatabase(container.GetConnectionString(),
                $"a PostgreSQL container with its data in {dataDirectory}", container);
        }

        throw new DatabaseUnavailableException(
            "No database: set ConnectionStrings:Agreements (env ConnectionStrings__Agreements), " +
            "or install PostgreSQL (Debian: apt-get install postgresql) so the service can run an embedded one.");
    }

    private static async Task ExplainFailure(Task starting, string dataDirectory)
    {
        try
        {
            await starting;
        }
        catch (InvalidOperationException e)
        {
            throw new DatabaseUnavailableException(
                $"Could not start the embedded PostgreSQL in {dataDirectory} ({e.Message}). " +
                "Set Agreements:DataDirectory to a folder the postgres user can write, or configure ConnectionStrings:Agreements.");
        }
    }
}

public static class DockerPostgres
{
    private static bool EngineMayAnswer =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST")) || File.Exists("/var/run/docker.sock");

    /// <summary>A PostgreSQL container, or null when no Docker engine answers. With a data folder, data outlives the container.</summary>
    public static async Task<PostgreSqlContainer?> TryStartAsync(string? dataDirectory, CancellationToken ct = default)
    {
        if (!EngineMayAnswer)
        {
            return null;
        }

        var builder = new PostgreSqlBuilder("postgres:15-alpine").WithDatabase("agreements");
        if (dataDirectory is not null)
        {
            Directory.CreateDirectory(dataDirectory);
            builder = builder.WithBindMount(dataDirectory, "/var/lib/postgresql/data");
        }

        PostgreSqlContainer? container = null;
        try
        {
            container = builder.Build();
            await container.StartAsync(ct);
            return container;
        }
#pragma warning disable CA1031 // any failure to reach Docker means "no engine": the caller falls back or explains
        catch (Exception)
#pragma warning restore CA1031
        {
            if (container is not null)
            {
                await container.DisposeAsync();
            }

            return null;
        }
    }
}
