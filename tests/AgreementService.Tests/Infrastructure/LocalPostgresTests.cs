using AgreementService.LocalDatabase;
using AgreementService.Infrastructure;
using AgreementService.Tests.Support;
using System.Runtime.Versioning;
using Npgsql;

namespace AgreementService.Tests.Infrastructure;

[Trait("Category", TestKinds.Process)]
[UnsupportedOSPlatform("windows")] // Unix file modes
public sealed class LocalPostgresTests
{
    private static readonly string Binaries = LocalPostgres.FindBinaries()
        ?? throw new InvalidOperationException("PostgreSQL binaries are needed for these tests (apt-get install postgresql).");

    [Fact]
    public async Task a_persistent_cluster_keeps_its_data_across_a_restart()
    {
        var folder = Path.Combine(TestDatabase.ThrowawayRoot, $"{Environment.ProcessId}-persistent-{Guid.NewGuid():N}");
        Directory.CreateDirectory(TestDatabase.ThrowawayRoot);
        try
        {
            await using (var first = await LocalPostgres.StartAsync(Binaries, folder, throwaway: false))
            {
                await ExecuteAsync(first.ConnectionString, "create table kept (v text); insert into kept values ('still here')");
            }

            File.Exists(Path.Combine(folder, "postmaster.pid")).ShouldBeFalse("the server should be stopped by disposal");

            await using (var second = await LocalPostgres.StartAsync(Binaries, folder, throwaway: false))
            {
                (await ScalarAsync(second.ConnectionString, "select v from kept")).ShouldBe("still here");
            }
        }
        finally
        {
            // Named after this process, so a server left running by a failure here is reaped by the next run.
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task only_the_holder_of_the_generated_password_may_connect()
    {
        await using var cluster = await TestDatabase.StartThrowawayAsync(Binaries);

        await ShouldAdmitOnlyItsPasswordAsync(cluster);
    }

    [Fact]
    public async Task a_cluster_made_when_every_local_user_was_trusted_is_given_a_password()
    {
        var folder = Path.Combine(TestDatabase.ThrowawayRoot, $"{Environment.ProcessId}-trusting-{Guid.NewGuid():N}");
        Directory.CreateDirectory(TestDatabase.ThrowawayRoot);
        try
        {
            await using (var first = await LocalPostgres.StartAsync(Binaries, folder, throwaway: false))
            {
                await ExecuteAsync(first.ConnectionString, "create table kept (v text); insert into kept values ('still here')");
            }

            // As earlier versions left it: no password file, and every local user trusted.
            File.Delete(Path.Combine(folder, "superuser.password"));
            await File.WriteAllTextAsync(Path.Combine(folder, "pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n");

            await using (var second = await LocalPostgres.StartAsync(Binaries, folder, throwaway: false))
            {
                await ShouldAdmitOnlyItsPasswordAsync(second);
                (await ScalarAsync(second.ConnectionString, "select v from kept")).ShouldBe("still here");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task ShouldAdmitOnlyItsPasswordAsync(LocalPostgres cluster)
    {
        var without = new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Password = null, Pooling = false };
        await Should.ThrowAsync<NpgsqlException>(() => ScalarAsync(without.ConnectionString, "select 1"));

        var wrong = new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Password = "not-the-password", Pooling = false };
        (await Should.ThrowAsync<PostgresException>(() => ScalarAsync(wrong.ConnectionString, "select 1")))
            .SqlState.ShouldBe(PostgresErrorCodes.InvalidPassword);

        (await ScalarAsync(cluster.ConnectionString, "select 'admitted'")).ShouldBe("admitted");
        File.GetUnixFileMode(cluster.PasswordFile).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite, "no one else may read the password");
        (await File.ReadAllTextAsync(cluster.PasswordFile)).Length.ShouldBeGreaterThanOrEqualTo(43, "32 random bytes");
    }

    [Fact]
    public async Task a_second_start_on_a_running_cluster_joins_it_and_leaves_it_running()
    {
        await using var owner = await TestDatabase.StartThrowawayAsync(Binaries);

        await using (var joiner = await LocalPostgres.StartAsync(Binaries, owner.DataDirectory, throwaway: false))
        {
            joiner.ConnectionString.ShouldBe(owner.ConnectionString);
        }

        (await ScalarAsync(owner.ConnectionString, "select 'up'")).ShouldBe("up");
    }

    [Fact]
    public async Task clusters_left_by_killed_runs_are_reaped()
    {
        // A root of its own, so that no other run's reaper meets this orphan half made; a pid that cannot be alive: above the kernel's maximum.
        var root = Path.Combine(Path.GetTempPath(), $"agreements-reap-{Guid.NewGuid():N}");
        var orphanFolder = Path.Combine(root, $"{int.MaxValue}-{Guid.NewGuid():N}");
        var orphan = await LocalPostgres.StartAsync(Binaries, orphanFolder, throwaway: true);
        var connectionString = orphan.ConnectionString;
        var living = Path.Combine(root, $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(living);

        await LocalPostgres.ReapOrphansAsync(Binaries, root);

        Directory.Exists(orphanFolder).ShouldBeFalse();
        await Should.ThrowAsync<NpgsqlException>(() => ScalarAsync(connectionString + ";Timeout=2", "select 1"));
        Directory.Exists(living).ShouldBeTrue("a cluster whose owner lives is left alone");
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task a_throwaway_cluster_is_removed_when_disposed()
    {
        var cluster = await TestDatabase.StartThrowawayAsync(Binaries);

        await cluster.DisposeAsync();

        Directory.Exists(cluster.DataDirectory).ShouldBeFalse();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
