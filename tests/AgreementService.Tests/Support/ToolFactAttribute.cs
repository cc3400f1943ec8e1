namespace AgreementService.Tests.Support;

/// <summary>
/// A test that needs a tool a developer's machine may lack. Without it the test reports itself skipped, saying how to
/// install it; under the tool's AGREEMENTS_REQUIRE_… variable (which .ci/run sets after installing it) it fails instead.
/// </summary>
public abstract class ToolFactAttribute : FactAttribute
{
    protected ToolFactAttribute(bool present, string required, string missing)
    {
        if (!present && Environment.GetEnvironmentVariable(required) != "1")
        {
            Skip = missing;
        }
    }
}

/// <summary>A test that drives a real Chromium.</summary>
public sealed class BrowserFactAttribute() : ToolFactAttribute(Chromium is not null, Required,
    "Chromium is not installed here (apt-get install chromium); .ci/run installs it and requires it.")
{
    public const string Required = "AGREEMENTS_REQUIRE_BROWSER";

    public static readonly string? Chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
}

/// <summary>A test that puts a real nginx in front of the service.</summary>
public sealed class NginxFactAttribute() : ToolFactAttribute(Nginx.Binary is not null, "AGREEMENTS_REQUIRE_NGINX",
    "nginx is not installed here (apt-get install nginx-light); .ci/run installs it and requires it.");

/// <summary>A test that runs npm packages of the repository's <paramref name="folder"/> (installed there by <c>npm ci</c>).</summary>
public sealed class NpmFactAttribute(string folder) : ToolFactAttribute(Directory.Exists(Path.Combine(Npm.Root, folder, "node_modules")), "AGREEMENTS_REQUIRE_NPM",
    $"{folder}'s npm packages are not installed here (npm ci --prefix {folder}); .ci/run installs them and requires them.");
