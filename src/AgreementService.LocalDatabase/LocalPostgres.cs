using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AgreementService.LocalDatabase;

/// <summary>
/// A PostgreSQL cluster run from the binaries installed on this machine: persistent for the service's
/// embedded default database, throwaway (fast, unsynchronised, removed afterwards) for test runs.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private const string DatabaseName = "agreements";
    private const string PostgresUser = "postgres";

    private readonly string _binaries;
    private readonly bool _throwaway;
    private bool _startedHere;
    private int _port;

    private LocalPostgres(string binaries, string dataDirectory, bool throwaway)
    {
        _binaries = binaries;
        _throwaway = throwaway;
        DataDirectory = dataDirectory;
    }

    public string DataDirectory { get; }
    public string ConnectionString { get; private set; } = "";

    /// <summary>
    /// The folder holding initdb and pg_ctl: <paramref name="configured"/> alone when given; otherwise Debian's
    /// versioned folders, newest first, then PATH. Null when PostgreSQL is not installed.
    /// </summary>
    public static string? FindBinaries(string? configured = null)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return IsBinaries(configured) ? configured : null;
        }

        var candidates = new List<string>();

        // Debian installs versioned folders; prefer the newest.
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(IsBinaries);
    }

    private static bool IsBinaries(string folder) => File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl"));

    /// <summary>Starts (creating on first use) a cluster in <paramref name="dataDirectory"/>, or joins one already running there.</summary>
    public static async Task<LocalPostgres> StartAsync(string binaries, string dataDirectory, bool throwaway, CancellationToken ct = default)
    {
        var postgres = Begin(binaries, dataDirectory, throwaway, ct);
        await postgres.Ready;
        return postgres;
    }

    /// <summary>
    /// As <see cref="StartAsync"/>, but returns at once: the connection string is known before the server is up, so the
    /// caller can build its host meanwhile and await <see cref="Ready"/> before its first connection.
    /// </summary>
    public static LocalPostgres Begin(string binaries, string dataDirectory, bool throwaway, CancellationToken ct = default)
    {
        var postgres = new LocalPostgres(binaries, Path.GetFullPath(dataDirectory), throwaway);
        var running = postgres.RunningPort();
        var port = running ?? FreePort();
        postgres.ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = PostgresUser, Database = DatabaseName,
        }.ConnectionString;
        postgres._port = port;
        postgres.Ready = postgres.RunServerAsync(alreadyRunning: running is not null, ct);
        return postgres;
    }

    /// <summary>Completes when the server answers and the database exists; faults when it cannot be started.</summary>
    public Task Ready { get; private set; } = Task.CompletedTask;

    /// <summary>Stops the server, keeping its data (immediately: as a crash or a pulled plug would).</summary>
    public async Task StopAsync(bool immediately = false)
    {
        await RunAsync("pg_ctl", CancellationToken.None, "-D", DataDirectory, "-m", immediately ? "immediate" : "fast", "-w", "stop");
        _startedHere = false;
    }

    /// <summary>Starts a stopped server again, on the same port.</summary>
    public Task RestartAsync(CancellationToken ct = default) => Ready = RunServerAsync(alreadyRunning: false, ct);

    private async Task RunServerAsync(bool alreadyRunning, CancellationToken ct)
    {
        if (!alreadyRunning)
        {
            if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
            {
                await InitialiseAsync(ct);
            }

            // Room for two connection pools (Marten's and Wolverine's) at their default size of 100 each, and tools.
            var settings = $"-c listen_addresses=127.0.0.1 -c port={_port} -c unix_socket_directories='' -c max_connections=300";
            if (_throwaway)
            {
                settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            }

            await RunAsync("pg_ctl", ct, "-D", DataDirectory, "-l", Path.Combine(DataDirectory, "server.log"),
                "-w", "-t", "60", "-o", settings, "start");
            _startedHere = true;
        }

        var server = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand($"SELECT 1 FROM pg_database WHERE datname = '{DatabaseName}'", connection);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseName}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    private async Task InitialiseAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(DataDirectory);
        if (RunningAsRoot)
        {
            // initdb and postgres refuse to run as root; the cluster belongs to the postgres user.
            await RunProcessAsync("chown", ct, "-R", $"{PostgresUser}:{PostgresUser}", DataDirectory);
        }

        // Trust authentication is safe only because the server listens on 127.0.0.1 alone.
        string[] arguments = ["-D", DataDirectory, "-U", PostgresUser, "-A", "trust", "-E", "UTF8", "--no-locale"];
        await RunAsync("initdb", ct, _throwaway ? [.. arguments, "--no-sync"] : arguments);
    }

    /// <summary>The port of a server already running on this data folder (started by an earlier run or another instance).</summary>
    private int? RunningPort()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        var lines = File.ReadAllLines(pidFile);
        if (lines.Length < 4 || !int.TryParse(lines[0], out var pid) || !int.TryParse(lines[3], out var port))
        {
            return null;
        }

        return IsAlive(pid) ? port : null;
    }

    internal static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>A loopback port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static bool RunningAsRoot => Environment.UserName == "root";

    /// <summary>Stops the server if this process started it; a throwaway cluster is also deleted.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_startedHere)
        {
            await StopAsync(immediately: _throwaway);
        }

        if (_throwaway && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    /// <summary>Stops and removes throwaway clusters under <paramref name="root"/> whose owning process has died.</summary>
    public static async Task ReapOrphansAsync(string binaries, string root)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var folder in Directory.GetDirectories(root))
        {
            var owner = Path.GetFileName(folder).Split('-')[0];
            if (int.TryParse(owner, out var pid) && IsAlive(pid))
            {
                continue;
            }

            var orphan = new LocalPostgres(binaries, folder, throwaway: true) { _startedHere = true };
            try
            {
                try
                {
                    await orphan.DisposeAsync();
                }
                catch (InvalidOperationException)
                {
                    // Not running any more: deleting the folder is all that is left to do.
                    Directory.Delete(folder, recursive: true);
                }
            }
            catch (IOException)
            {
                // Another run starting at the same moment reaped it first, or is still writing it: the next run will see.
            }
        }
    }

    private Task RunAsync(string tool, CancellationToken ct, params string[] arguments)
    {
        var path = Path.Combine(_binaries, tool);
        return RunningAsRoot
            ? RunProcessAsync("runuser", ct, ["-u", PostgresUser, "--", path, .. arguments])
            : RunProcessAsync(path, ct, arguments);
    }

    private static async Task RunProcessAsync(string file, CancellationToken ct, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {await error}{await output}".Trim());
        }
    }
}
