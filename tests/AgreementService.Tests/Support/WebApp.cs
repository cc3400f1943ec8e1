using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using AgreementService.LocalDatabase;
using AgreementService.Web;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AgreementService.Tests.Support;

/// <summary>
/// The web app as people meet it: the built service as a process of its own on Kestrel (on a database of its own), its
/// emails going to an SMTP server the tests read, and one headless Debian Chromium driven by Playwright. Each person in a
/// journey gets a browser context of their own (their own cookies). The service's database lives as long as the
/// collection, so each test makes its own people and agreements (fresh addresses and slugs) instead of resetting it.
/// </summary>
/// <remarks>
/// Playwright for .NET drives the browser through its Node.js driver, which the package carries (node itself and its
/// JavaScript, copied into the test output's .playwright folder): nothing is downloaded and no Node.js need be installed.
/// The browser is Debian's, never one Playwright would download.
/// </remarks>
public sealed partial class WebApp : IAsyncLifetime
{
    /// <summary>The person named an administrator in the configuration (Agreements:Administrators).</summary>
    public const string AdministratorEmail = AppFixture.AdministratorEmail;

    /// <summary>Where screenshots go: this variable's folder, or agreements-screens in the temporary folder.</summary>
    public const string ScreenshotsVariable = "AGREEMENTS_SCREENSHOTS";

    /// <summary>The web app's sign-in form (an email address; a link arrives by email).</summary>
    public const string SignInForm = "/app/sign-in";

    /// <summary>axe-core's tags for the success criteria of WCAG 2.0, 2.1 and 2.2 at levels A and AA.</summary>
    public static readonly IReadOnlyList<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    private readonly List<IBrowserContext> _contexts = [];
    private ProvisionedDatabase? _cluster;
    private ServiceProcess? _service;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The SMTP server the service sends every email to.</summary>
    public Smtp Smtp { get; } = new();

    /// <summary>The service's own address ("http://127.0.0.1:port", no trailing slash); emailed links open it.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The service's database, for looking straight into its tables (<see cref="ServiceDatabase"/>).</summary>
    public string ConnectionString { get; private set; } = "";

    public ServiceProcess Service => _service ?? throw NotStarted();

    /// <summary>The HTTP API of the same service, for setting up what a journey starts from (as the administrator would).</summary>
    public Api Api { get; private set; } = null!;

    public IBrowser Browser => _browser ?? throw NotStarted();

    /// <summary>How long starting took: the database, then the service until ready, and meanwhile the driver and the browser.</summary>
    public string StartupTimes { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var chromium = BrowserFactAttribute.Chromium;
        if (chromium is null)
        {
            // Every test of the collection is a [BrowserFact] and reports itself skipped (or, under CI's variable, failed).
            return;
        }

        var clock = Stopwatch.StartNew();
        _cluster = await TestDatabase.ProvisionAsync();
        ConnectionString = await TestDatabase.CreateAsync(_cluster.ConnectionString, "web");
        var database = clock.Elapsed;

        // The service must know its own address before it starts (links in emails, the Origin its cookie writes need).
        var port = LocalPostgres.FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Agreements"] = ConnectionString,
            ["Agreements__AdminToken"] = Scenarios.Admin,
            ["Agreements__Administrators"] = AdministratorEmail,
            ["Agreements__PublicUrl"] = BaseUrl,
            ["Agreements__Smtp__Host"] = "127.0.0.1",
            ["Agreements__Smtp__Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Agreements__Smtp__Sender"] = "Community Agreement <agreements@agreements.test>",
        };
        // Every person of every journey comes from 127.0.0.1; the limits themselves are tested on a process of their own.
        foreach (var limit in new[] { "WritesPerMinute", "WritesPerAddressPerMinute", "FailedAuthenticationsPerMinute", "ComparisonsPerMinute", "SignInsPerAddressPerMinute" })
        {
            settings[$"Agreements__{limit}"] = "1000000";
        }

        _service = ServiceProcess.Start(settings, port);
        var launching = LaunchAsync(chromium); // while the service starts
        if (!await _service.WaitUntilReadyAsync(TimeSpan.FromSeconds(90)))
        {
            throw new InvalidOperationException($"The service did not become ready:\n{_service.Output}");
        }

        var service = clock.Elapsed - database;
        (_browser, var browser) = await launching;
        Api = new Api(_service.Client);
        StartupTimes = $"{clock.Elapsed.TotalSeconds:0.0} s: the database {database.TotalSeconds:0.0} s, then the service {service.TotalSeconds:0.0} s " +
            $"while the driver and browser took {browser.TotalSeconds:0.0} s";
    }

    private async Task<(IBrowser, TimeSpan)> LaunchAsync(string chromium)
    {
        var clock = Stopwatch.StartNew();
        _playwright = await Playwright.CreateAsync();
        var browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true });
        return (browser, clock.Elapsed);
    }

    public async Task DisposeAsync()
    {
        await CloseContextsAsync();
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        await Smtp.DisposeAsync();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>
    /// A person at their own browser: a new context (own cookies, 1280×800, English, Europe/Brussels unless
    /// <paramref name="options"/> say otherwise) whose relative addresses go to the service, and a page in it.
    /// Closed when the test ends (<see cref="WebJourney"/>).
    /// </summary>
    public async Task<IPage> NewPersonAsync(BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL ??= BaseUrl;
        options.Locale ??= "en-GB";
        options.TimezoneId ??= "Europe/Brussels";
        options.ViewportSize ??= new ViewportSize { Width = 1280, Height = 800 };
        var context = await Browser.NewContextAsync(options);
        lock (_contexts)
        {
            _contexts.Add(context);
        }

        return await context.NewPageAsync();
    }

    /// <summary>
    /// Asks for a sign-in link as a person does, on <paramref name="page"/>: opens the sign-in form, types the address,
    /// sends it and sees that a link is on its way. Returns the link the email brought.
    /// </summary>
    public async Task<string> RequestSignInLinkAsync(IPage page, string email)
    {
        var before = Smtp.To(email).Count;
        await page.GotoAsync(SignInForm);
        await page.GetByLabel(Strings.SignIn_Email).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = Strings.SignIn_Send }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = Strings.SignIn_Sent, Level = 1 })).ToBeVisibleAsync();

        // Other emails (a role given, a vote called) may come to the same person before or after it: the link is in the
        // newest one that carries one.
        string? link = null;
        await Poll.UntilAsync(() => (link = Smtp.To(email).Skip(before).Select(m => SignInLink().Match(m.TextBody ?? "")).LastOrDefault(m => m.Success)?.Value) is not null,
            TimeSpan.FromSeconds(30));
        return link ?? throw new InvalidOperationException($"No sign-in link came to {email} within 30 s ({Smtp.To(email).Count - before} other email(s) did).");
    }

    /// <summary>
    /// Signs <paramref name="email"/> in as a person does, in a browser context of their own: asks for a link, opens it
    /// from the email, presses "Sign in". Returns the page, where the sign-in led (the web app), with the session cookie set.
    /// </summary>
    public async Task<IPage> SignInAsync(string email, BrowserNewContextOptions? options = null)
    {
        var page = await NewPersonAsync(options);
        var link = await RequestSignInLinkAsync(page, email);
        await page.GotoAsync(link);
        var pressed = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync(),
            response => response.Url == link && response.Request.Method == "POST");
        if (pressed.Status != 303)
        {
            throw new InvalidOperationException($"{email} pressed 'Sign in' and got {pressed.Status}:\n{await pressed.TextAsync()}");
        }

        // 303 to the web app, wherever it leads the person; what a test does next waits for what it needs.
        await ArrivedAsync(page, url => url != link);
        if (!(await page.Context.CookiesAsync()).Any(c => c.Name == AgreementService.Access.SessionCookie.Name))
        {
            throw new InvalidOperationException($"{email} pressed 'Sign in' and has no session cookie; the page says:\n{await page.ContentAsync()}");
        }

        return page;
    }

    /// <summary>
    /// Until the page's address passes <paramref name="at"/>. Not Playwright's WaitForURLAsync: when the page had already
    /// arrived by the time it was called (on a loaded machine), it waited for a load state that had come and gone, and
    /// timed out after 30 s ('NetworkIdle' logged).
    /// </summary>
    public static async Task ArrivedAsync(IPage page, Func<string, bool> at) =>
        (await Poll.UntilAsync(() => at(page.Url), TimeSpan.FromSeconds(30))).ShouldBeTrue($"the page stayed at {page.Url}");

    /// <summary>
    /// Runs axe-core on the page as it is now, for WCAG 2.2 A and AA, and fails listing every serious or critical
    /// violation (rule, impact, what it asks, and where). Returns the whole result for anything further.
    /// </summary>
    public static async Task<AxeResult> AxeAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] } });
        var grave = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        if (grave.Count > 0)
        {
            var list = string.Join("\n", grave.Select(v => $"- {v.Id} ({v.Impact}): {v.Help} {v.HelpUrl}\n" +
                string.Join("\n", v.Nodes.Select(n => $"    at {n.Target}: {n.Html}\n      {Failures(n)}"))));
            throw new Xunit.Sdk.XunitException($"axe-core found {grave.Count} serious or critical violation(s) of WCAG 2.2 A/AA on {page.Url}:\n{list}");
        }

        return result;
    }

    /// <summary>What axe says is wrong with one element: the messages of its failed checks.</summary>
    private static string Failures(AxeResultNode node) => string.Join("; ",
        new[] { node.Any, node.All, node.None }.Where(checks => checks is not null).SelectMany(checks => checks).Select(c => c.Message).Distinct());

    /// <summary>The folder screenshots go into (<see cref="ScreenshotsVariable"/>, or agreements-screens in the temporary folder).</summary>
    public static string ScreenshotFolder =>
        Environment.GetEnvironmentVariable(ScreenshotsVariable) is { Length: > 0 } chosen ? chosen : Path.Combine(Path.GetTempPath(), "agreements-screens");

    /// <summary>
    /// Saves the whole page, at 1280 and at 360 px wide, as <c>{name}-1280.png</c> and <c>{name}-360.png</c> in
    /// <see cref="ScreenshotFolder"/>, for people to look at (nothing is compared). The page keeps the size it had.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var size = page.ViewportSize;
        var saved = new List<string>();
        foreach (var (width, height) in new[] { (1280, 800), (360, 740) })
        {
            await page.SetViewportSizeAsync(width, height);
            var path = Path.Combine(ScreenshotFolder, $"{name}-{width}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            saved.Add(path);
        }

        if (size is not null)
        {
            await page.SetViewportSizeAsync(size.Width, size.Height);
        }

        return saved;
    }

    /// <summary>Closes the browser contexts of the test that ends; the next one starts with nobody signed in.</summary>
    public async Task CloseContextsAsync()
    {
        IBrowserContext[] open;
        lock (_contexts)
        {
            open = [.. _contexts];
            _contexts.Clear();
        }

        foreach (var context in open)
        {
            await context.CloseAsync();
        }
    }

    private static InvalidOperationException NotStarted() =>
        new($"The web app did not start: Chromium is not installed here (apt-get install chromium), and {BrowserFactAttribute.Required}=1 says it must be.");

    [GeneratedRegex(@"https?://\S+?/sign-in/agr_[A-Za-z0-9_-]+")]
    private static partial Regex SignInLink();
}

[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebApp>
{
    public const string Name = "web app";
}

/// <summary>
/// Base of browser journeys: the shared web app; each test starts with an empty mailbox and ends by closing the
/// browsers of the people it opened. Its tests are <see cref="BrowserFactAttribute"/>s.
/// </summary>
[Trait("Category", TestKinds.Process)]
[Collection(WebAppCollection.Name)]
public abstract class WebJourney(WebApp web) : IAsyncLifetime
{
    protected WebApp Web { get; } = web;

    protected Api Api => Web.Api;

    public Task InitializeAsync()
    {
        Web.Smtp.Clear();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Web.CloseContextsAsync();
}
