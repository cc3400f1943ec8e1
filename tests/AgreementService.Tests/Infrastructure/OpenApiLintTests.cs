using System.Text.RegularExpressions;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Infrastructure;

/// <summary>
/// The committed document passes the linters partners' tools use, Spectral (its oas ruleset) and Redocly (recommended),
/// with no error, no warning and no hint: <c>npm ci --prefix openapi &amp;&amp; npm run --prefix openapi lint</c>.
/// </summary>
public sealed class OpenApiLintTests
{
    [NpmFact("openapi")]
    public async Task spectral_and_redocly_find_nothing_to_say()
    {
        var (exitCode, output) = await Npm.RunAsync("openapi", "lint");

        exitCode.ShouldBe(0, output);
        output.ShouldContain("No results with a severity of 'hint' or higher found!", customMessage: output);
        Regex.IsMatch(output, @"\d+:\d+\s+(error|warning)\s").ShouldBeFalse(output); // Redocly fails on errors only: warnings are refused here
        output.ShouldContain("Your API description is valid", customMessage: output);
    }
}
