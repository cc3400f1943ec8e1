namespace AgreementService.Tests.Support;

/// <summary>
/// A test that drives a real Chromium. On a machine without one it reports itself skipped, saying how to install it;
/// under <c>AGREEMENTS_REQUIRE_BROWSER=1</c> (which .ci/run sets after installing Chromium) a missing browser fails it.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Required = "AGREEMENTS_REQUIRE_BROWSER";

    public static readonly string? Chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    public BrowserFactAttribute()
    {
        if (Chromium is null && Environment.GetEnvironmentVariable(Required) != "1")
        {
            Skip = "Chromium is not installed here (apt-get install chromium); .ci/run installs it and requires it.";
        }
    }
}
