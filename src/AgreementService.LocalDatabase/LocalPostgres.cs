using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace AgreementService.LocalDatabase;

/// <summary>
/// A PostgreSQL cluster run from the binaries installed on this machine: persistent for the service's
/// embedded default database, throwaway (fast, unsynchronised, removed afterwards) for test runs. It listens on 127.0.0.1
/// alone and admits only the holder of its superuser's password, generated at creation and kept in <see cref="PasswordFile"/>,
/// readable by the user who runs this process alone.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private const string DatabaseName = "agreements";
    private const string PostgresUser = "postgres";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>What pg_hba.conf says once the superuser has a password (initdb --auth=scram-sha-256 says the same).</summary>
    private const string PasswordRequired = """
        # Every connection needs the superuser's password, kept in the file superuser.password beside this one.
        local all all scram-sha-256
        host all all 127.0.0.1/32 scram-sha-256
        host all all ::1/128 scram-sha-256

        """;

    private readonly string _binaries;
    private readonly bool _throwaway;
    private bool _startedHere;
    private int _port;
    private string _password = "";

    private LocalPostgres(string binaries, string dataDirectory, bool throwaway)
    {
        _binaries = binaries;
        _throwaway = throwaway;
        DataDirectory = dataDirectory;
    }

    public string DataDirectory { get; }
    public string ConnectionString { get; private set; } = "";

    /// <summary>The superuser's password, mode 0600, owned by the user running this process; written once the server has admitted it.</summary>
    public string PasswordFile => Path.Combine(DataDirectory, "superuser.password");

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
        postgres._password = File.Exists(postgres.PasswordFile)
            ? File.ReadAllText(postgres.PasswordFile).Trim()
            : Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        postgres.ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = PostgresUser, Password = postgres._password, Database = DatabaseName,
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
        await RunAsync("pg_ctl", input: null, CancellationToken.None, "-D", DataDirectory, "-m", immediately ? "immediate" : "fast", "-w", "stop");
        _startedHere = false;
    }

    /// <summary>Starts a stopped server again, on the same port.</summary>
    public Task RestartAsync(CancellationToken ct = default) => Ready = RunServerAsync(alreadyRunning: false, ct);

    private async Task RunServerAsync(bool alreadyRunning, CancellationToken ct)
    {
        var passwordKept = File.Exists(PasswordFile);
        if (alreadyRunning && !passwordKept)
        {
            // Left running by an earlier version, which trusted every local user: stopped, to be given a password.
            await StopAsync();
            alreadyRunning = false;
        }

        if (!alreadyRunning)
        {
            if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
            {
                await InitialiseAsync(ct);
            }
            else if (!passwordKept)
            {
                await RequirePasswordAsync(ct);
            }

            // Room for two connection pools (Marten's and Wolverine's) at their default size of 100 each, and tools.
            var settings = $"-c listen_addresses=127.0.0.1 -c port={_port} -c unix_socket_directories='' -c max_connections=300 " +
                "-c password_encryption=scram-sha-256";
            if (_throwaway)
            {
                settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            }

            await RunAsync("pg_ctl", input: null, ct, "-D", DataDirectory, "-l", Path.Combine(DataDirectory, "server.log"),
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

        if (!passwordKept)
        {
            // Only now that the server has admitted the password: a start that fails before this sets a new one next time.
            WriteOwnerOnly(PasswordFile, _password);
        }
    }

    private async Task InitialiseAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(DataDirectory);
        if (RunningAsRoot)
        {
            // initdb and postgres refuse to run as root; the cluster belongs to the postgres user.
            await RunProcessAsync("chown", input: null, ct, "-R", $"{PostgresUser}:{PostgresUser}", DataDirectory);
        }

        // initdb reads the password from a file; this one is readable by initdb's user alone, and gone once it has run.
        var passwordFile = Path.Combine(Path.GetTempPath(), $"agreements-initdb-{Guid.NewGuid():N}");
        WriteOwnerOnly(passwordFile, _password);
        try
        {
            if (RunningAsRoot)
            {
                await RunProcessAsync("chown", input: null, ct, PostgresUser, passwordFile);
            }

            string[] arguments =
                ["-D", DataDirectory, "-U", PostgresUser, "--auth=scram-sha-256", $"--pwfile={passwordFile}", "-E", "UTF8", "--no-locale"];
            await RunAsync("initdb", input: null, ct, _throwaway ? [.. arguments, "--no-sync"] : arguments);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>
    /// Gives the superuser a new password and requires it, in a cluster that has no password file: one made by an earlier
    /// version, which trusted every local user, or one whose first start failed before writing it. Single-user mode needs
    /// no connection, so nothing is admitted meanwhile; the password goes in on standard input, never on a command line.
    /// </summary>
    private async Task RequirePasswordAsync(CancellationToken ct)
    {
        try
        {
            await RunAsync("postgres", input: $"ALTER ROLE {PostgresUser} PASSWORD '{_password}'\n", ct,
                "--single", "-D", DataDirectory, "-c", "password_encryption=scram-sha-256", "postgres");
        }
        catch (InvalidOperationException e)
        {
            // Its output may quote the statement.
            throw new InvalidOperationException(e.Message.Replace(_password, "(the new password)", StringComparison.Ordinal));
        }

        await File.WriteAllTextAsync(Path.Combine(DataDirectory, "pg_hba.conf"), PasswordRequired, ct);
    }

    /// <summary>Creates <paramref name="path"/> readable and writable by this process's user alone.</summary>
    private static void WriteOwnerOnly(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using var file = new FileStream(path, options);
        using var writer = new StreamWriter(file);
        writer.Write(text);
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

    private Task RunAsync(string tool, string? input, CancellationToken ct, params string[] arguments)
    {
        var path = Path.Combine(_binaries, tool);
        return RunningAsRoot
            ? RunProcessAsync("runuser", input, ct, ["-u", PostgresUser, "--", path, .. arguments])
            : RunProcessAsync(path, input, ct, arguments);
    }

    private static async Task RunProcessAsync(string file, string? input, CancellationToken ct, params string[] arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = input is not null, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), ct);
            process.StandardInput.Close();
        }

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
