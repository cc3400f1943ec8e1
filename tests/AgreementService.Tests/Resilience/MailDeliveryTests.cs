using System.Net;
using System.Text.RegularExpressions;
using AgreementService.Access;
using AgreementService.LocalDatabase;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Resilience;

/// <summary>
/// Email as operators run it, on the service's own process: with no SMTP server the first sign-in works from the log
/// and the .eml folder, as the README says; and an email whose transaction committed reaches the server once, across a
/// crash before it could be sent.
/// </summary>
[Trait("Category", TestKinds.Process)]
[Collection(AppCollection.Name)]
public sealed partial class MailDeliveryTests(AppFixture app)
{
    [GeneratedRegex(@"https?://[^\s'""]+/sign-in/[A-Za-z0-9_\-]+")]
    private static partial Regex SignInLink();

    [Fact]
    public async Task without_smtp_the_first_administrator_signs_in_from_the_logged_link_and_the_eml_file()
    {
        var folder = Directory.CreateTempSubdirectory("agreements-mail-").FullName;
        try
        {
            await using var service = ServiceProcess.Start(new Dictionary<string, string>
            {
                ["ConnectionStrings__Agreements"] = await app.NewDatabaseAsync("firstsignin"),
                ["Agreements__Administrators"] = "you@example.org",
                ["Agreements__Smtp__Folder"] = folder,
            });
            (await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(service.Output);
            var api = new Api(service.Client);

            (await api.PostAsync("/sign-in", null, new { email = "you@example.org" })).ShouldBe(HttpStatusCode.Accepted);
            (await Poll.UntilAsync(() => Directory.GetFiles(folder, "*.eml").Length > 0 && SignInLink().IsMatch(service.Output), TimeSpan.FromSeconds(30)))
                .ShouldBeTrue(service.Output);
            var logged = SignInLink().Match(service.Output).Value;
            var eml = await MimeKit.MimeMessage.LoadAsync(Directory.GetFiles(folder, "*.eml").Single());
            eml.To.Mailboxes.Single().Address.ShouldBe("you@example.org");
            (eml.TextBody ?? "").ShouldContain(logged, Case.Sensitive, "the log and the email carry the same link");

            var path = new Uri(logged).AbsolutePath;
            (await api.GetAsync(path)).ShouldBe(HttpStatusCode.OK).Body.ShouldContain("<button");
            using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = service.Client.BaseAddress };
            var signedIn = await new Api(browser).SendAsync(new HttpRequestMessage(HttpMethod.Post, path));
            var cookie = signedIn.ShouldBe(HttpStatusCode.SeeOther).Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SessionCookie.Name + "=", StringComparison.Ordinal));
            using var me = new HttpRequestMessage(HttpMethod.Get, "/me");
            me.Headers.Add("Cookie", cookie.Split(';')[0]);
            (await api.SendAsync(me)).ShouldBe(HttpStatusCode.OK).Json["administrator"]!.GetValue<bool>().ShouldBeTrue();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task an_email_committed_before_a_crash_is_sent_once_after_the_restart()
    {
        var port = LocalPostgres.FreePort(); // no mail server there yet: every attempt fails and is retried
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Agreements"] = await app.NewDatabaseAsync("mailcrash"),
            ["Agreements__AdminToken"] = Scenarios.Admin,
            ["Agreements__Smtp__Host"] = "127.0.0.1",
            ["Agreements__Smtp__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        await using (var first = ServiceProcess.Start(settings))
        {
            (await first.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(first.Output);
            var api = new Api(first.Client);
            (await api.PostAsync("/participants", Scenarios.Admin, new { name = "Ana Ionescu", email = "ana@example.org" })).ShouldBe(HttpStatusCode.Created);
            (await api.PostAsync("/sign-in", null, new { email = "ana@example.org" })).ShouldBe(HttpStatusCode.Accepted);
            (await Poll.UntilAsync(() => first.Output.Contains("Connection refused", StringComparison.Ordinal), TimeSpan.FromSeconds(20)))
                .ShouldBeTrue($"the first attempt to send fails\n{first.Output}");
            first.Kill(); // a crash: the email is committed in the outbox, not yet sent
        }

        await using var smtp = new Smtp(port);
        await using var restarted = ServiceProcess.Start(settings);
        (await restarted.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(restarted.Output);

        (await smtp.WaitForAsync("ana@example.org", limit: TimeSpan.FromSeconds(120))).ShouldHaveSingleItem().Subject.ShouldNotBeNullOrEmpty();
        (await ServiceDatabase.UntilQuietAsync(settings["ConnectionStrings__Agreements"], TimeSpan.FromSeconds(60))).ShouldBeTrue("the service settled");
        smtp.To("ana@example.org").Count.ShouldBe(1, "sent once, not lost and not doubled");
    }
}
