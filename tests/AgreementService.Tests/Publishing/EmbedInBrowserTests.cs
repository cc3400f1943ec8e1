using System.Diagnostics;
using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Publishing;

/// <summary>
/// The embed script in a real headless browser: a partner's page on one origin, the service on another, one
/// script tag. What the browser shows after running it is what a visitor would read.
/// </summary>
[Trait("Category", TestKinds.Process)]
[Collection(AppCollection.Name)]
public sealed class EmbedInBrowserTests(AppFixture app)
{
    [BrowserFact]
    public async Task one_script_tag_renders_the_current_agreement_with_numbered_clauses_and_its_version()
    {
        var chromium = BrowserFactAttribute.Chromium
            ?? throw new InvalidOperationException($"The browser test needs Chromium (apt-get install chromium), and {BrowserFactAttribute.Required}=1 says it must run.");
        await using var service = ServiceProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Agreements"] = await app.NewDatabaseAsync("embed"), ["Agreements__AdminToken"] = Scenarios.Admin,
        });
        (await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(service.Output);
        var api = new Api(service.Client);
        var facilitator = await api.PersonAsync();
        (await api.PostAsync("/agreements", Scenarios.Admin, new
        {
            slug = "embedded", title = "Community Agreement", visibility = "public", facilitatorId = facilitator.Id,
            clauses = new object[]
            {
                new { heading = "Purpose", text = "We litigate together for justice.", clauses = new[] { new { text = "We share knowledge across borders." } } },
                new { heading = "Safety", text = "<script>document.title='owned'</script><img src=x onerror=\"document.title='owned'\">" },
            },
        })).ShouldBe(HttpStatusCode.Created);
        var apiOrigin = service.Client.BaseAddress!.ToString().TrimEnd('/');
        await using var partner = new LocalSite((_, _) => (200, "text/html; charset=utf-8", $"""
            <!doctype html><html><head><meta charset="utf-8"><title>Partner site</title></head>
            <body><h1>Our agreement</h1><script src="{apiOrigin}/embed.js" data-agreement="embedded"></script></body></html>
            """));

        var dom = await RunChromiumAsync(chromium, partner.Url + "/", "--dump-dom");

        dom.ShouldContain("<title>Partner site</title>", Case.Sensitive, "the hostile clause must not run");
        dom.ShouldContain("class=\"agreement-embed\" aria-live=\"polite\" data-version=\"1\"");
        dom.ShouldContain("<h2 class=\"agreement-title\">Community Agreement</h2>");
        dom.ShouldContain("<p class=\"agreement-version\">Version 1</p>");
        dom.ShouldContain("<span class=\"clause-number\">1</span> <strong class=\"clause-heading\">Purpose</strong>");
        dom.ShouldContain("<span class=\"clause-number\">1.1</span></p><p class=\"clause-text\">We share knowledge across borders.</p>");
        dom.ShouldContain("<p class=\"clause-text\">&lt;script&gt;document.title='owned'&lt;/script&gt;&lt;img src=x onerror=\"document.title='owned'\"&gt;</p>");
        dom.ShouldNotContain("<img src=\"x\"");

        // A picture of it, for people reviewing the change (not asserted).
        await RunChromiumAsync(chromium, partner.Url + "/", $"--screenshot={Path.Combine(Path.GetTempPath(), "agreements-embed.png")}", "--window-size=900,700");
    }

    private static async Task<string> RunChromiumAsync(string chromium, string url, params string[] what)
    {
        var profile = Directory.CreateTempSubdirectory("agreements-chromium-");
        try
        {
            var info = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.FullName}", "--virtual-time-budget=10000", .. what, url])
            {
                info.ArgumentList.Add(argument);
            }

            using var browser = Process.Start(info)!;
            var output = browser.StandardOutput.ReadToEndAsync();
            var errors = browser.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await browser.WaitForExitAsync(timeout.Token);
            await errors;
            return await output;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
