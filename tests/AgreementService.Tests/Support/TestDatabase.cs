using AgreementService.LocalDatabase;
using AgreementService.Infrastructure;

namespace AgreementService.Tests.Support;

/// <summary>
/// The test run's PostgreSQL, in this order: a connection string in AGREEMENTS_TEST_DB; a container when a Docker
/// engine answers; otherwise a throwaway cluster from the local binaries, isolated to this run and removed after it.
/// </summary>
public static class TestDatabase
{
    public static readonly string ThrowawayRoot = Path.Combine(Path.GetTempPath(), "agreements-tests");

    public static async Task<ProvisionedDatabase> ProvisionAsync()
    {
        if (Environment.GetEnvironmentVariable("AGREEMENTS_TEST_DB") is { Length: > 0 } configured)
        {
            return new ProvisionedDatabase(configured, "AGREEMENTS_TEST_DB");
        }

        if (await DockerPostgres.TryStartAsync(dataDirectory: null) is { } container)
        {
            return new ProvisionedDatabase(container.GetConnectionString(), "a Testcontainers PostgreSQL", container);
        }

        var binaries = LocalPostgres.FindBinaries() ?? throw new InvalidOperationException(
            "The tests need PostgreSQL: set AGREEMENTS_TEST_DB, run a Docker engine, or install it (apt-get install postgresql).");
        var cluster = await StartThrowawayAsync(binaries);
        return new ProvisionedDatabase(cluster.ConnectionString, $"a throwaway cluster in {cluster.DataDirectory}", cluster);
    }

    /// <summary>A new, empty database named after <paramref name="purpose"/> beside the one <paramref name="connectionString"/> names; its connection string.</summary>
    public static async Task<string> CreateAsync(string connectionString, string purpose)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var name = $"{purpose}_{Guid.NewGuid():N}";
        await using (var connection = new Npgsql.NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"create database {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        builder.Database = name;
        return builder.ConnectionString;
    }

    /// <summary>A fresh cluster in a folder named after this process, after reaping those of runs that were killed.</summary>
    public static async Task<LocalPostgres> StartThrowawayAsync(string binaries)
    {
        await LocalPostgres.ReapOrphansAsync(binaries, ThrowawayRoot);
        Directory.CreateDirectory(ThrowawayRoot);
        var folder = Path.Combine(ThrowawayRoot, $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        return await LocalPostgres.StartAsync(binaries, folder, throwaway: true);
    }
}
