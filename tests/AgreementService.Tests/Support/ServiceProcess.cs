using AgreementService.LocalDatabase;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AgreementService.Tests.Support;

/// <summary>The built service run as its own process on 127.0.0.1, as 'dotnet run' would run it.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>For load: a service on <paramref name="connectionString"/> with the tests' administrator token and no write limits.</summary>
    public static Dictionary<string, string> LoadSettings(string connectionString) => new()
    {
        ["ConnectionStrings__Agreements"] = connectionString,
        ["Agreements__AdminToken"] = Scenarios.Admin,
        ["Agreements__WritesPerMinute"] = "1000000",
        ["Agreements__WritesPerAddressPerMinute"] = "1000000",
    };

    /// <summary>
    /// Starts the service with only <paramref name="settings"/> (no inherited database or token settings), on
    /// <paramref name="port"/> (for a service that must know its own address beforehand) or a free one.
    /// </summary>
    public static ServiceProcess Start(IDictionary<string, string> settings, int? port = null)
    {
        var chosen = port ?? LocalPostgres.FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AgreementService.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{chosen}");
        foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || k.StartsWith("Agreements__", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(inherited);
        }

        // Test receivers of webhooks listen on loopback, which a deployed service refuses.
        info.Environment["Agreements__Webhooks__AllowPrivateAddresses"] = "true";
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        return new ServiceProcess(Process.Start(info)!, chosen);
    }

    public async Task<bool> WaitUntilReadyAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                if ((await Client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        return false;
    }

    public async Task<bool> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Kills the service outright (SIGKILL), as a crash or an out-of-memory killer would.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Asks the service to stop as an operator would (SIGTERM), and waits for it.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        if (!await WaitForExitAsync(TimeSpan.FromSeconds(30)))
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        Client.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
