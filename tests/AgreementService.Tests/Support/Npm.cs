using System.Diagnostics;
using AgreementService.Tests.Infrastructure;

namespace AgreementService.Tests.Support;

/// <summary>Runs an npm script of one of the repository's folders, as a developer would from a shell.</summary>
public static class Npm
{
    public static readonly string Root = OpenApiTests.RepositoryRoot();

    /// <summary>The script's exit code and everything it wrote, standard output and error interleaved.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string folder, string script, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("npm", ["run", "--silent", script])
        {
            WorkingDirectory = Path.Combine(Root, folder),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["NO_COLOR"] = "1";
        info.Environment["npm_config_update_notifier"] = "false";
        info.Environment["REDOCLY_TELEMETRY"] = "off";
        info.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var output = new System.Text.StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"npm run {script} in {folder} did not finish within 3 minutes:\n{output}");
        }

        process.WaitForExit(); // the last of the output
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
