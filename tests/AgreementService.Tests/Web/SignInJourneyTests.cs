using System.Diagnostics;
using AgreementService.Access;
using AgreementService.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace AgreementService.Tests.Web;

/// <summary>A person asks for a sign-in link on the form and signs in from the emailed link in a real Chromium, as they would from their mail program.</summary>
public sealed class SignInJourneyTests(WebApp web, ITestOutputHelper output) : WebJourney(web)
{
    [BrowserFact]
    public async Task a_participant_asks_on_the_form_and_signs_in_from_the_emailed_link_once_and_the_link_then_no_longer_works()
    {
        var clock = Stopwatch.StartNew();
        var email = $"ana.lima.{Guid.NewGuid():N}@example.org";
        await Api.ParticipantAsync("Ana Lima", email);
        var ana = await Web.NewPersonAsync();
        await ana.GotoAsync(WebApp.SignInForm);
        await WebApp.ScreenshotAsync(ana, "sign-in");
        await WebApp.AxeAsync(ana);

        var link = await Web.RequestSignInLinkAsync(ana, email);
        await WebApp.ScreenshotAsync(ana, "sign-in-sent");
        await WebApp.AxeAsync(ana);
        link.ShouldStartWith(Web.BaseUrl + "/sign-in/", Case.Sensitive, "the emailed link opens the service people reach");
        var page = await ana.GotoAsync(link);
        page!.Status.ShouldBe(200);
        (await ana.Context.CookiesAsync()).ShouldNotContain(c => c.Name == SessionCookie.Name, "opening the link (as a mail scanner would) signs nobody in");
        await Assertions.Expect(ana.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(ana.GetByText("Sign in to the Community Agreement as Ana Lima.")).ToBeVisibleAsync();
        await WebApp.ScreenshotAsync(ana, "sign-in-link");
        await WebApp.AxeAsync(ana);

        await ana.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await WebApp.ArrivedAsync(ana, url => url == Web.BaseUrl + "/");

        var session = (await ana.Context.CookiesAsync()).Where(c => c.Name == SessionCookie.Name).ShouldHaveSingleItem();
        session.HttpOnly.ShouldBeTrue();
        session.SameSite.ShouldBe(SameSiteAttribute.Lax);
        session.Path.ShouldBe("/");
        var signedIn = clock.Elapsed;

        var again = await ana.GotoAsync(link);
        again!.Status.ShouldBe(410);
        await Assertions.Expect(ana.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "This link no longer works", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(ana.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await WebApp.ScreenshotAsync(ana, "sign-in-link-used");
        await WebApp.AxeAsync(ana);

        output.WriteLine($"Web app started: {Web.StartupTimes}. Signed in after {signedIn.TotalSeconds:0.00} s, whole journey {clock.Elapsed.TotalSeconds:0.00} s.");
    }

    [BrowserFact]
    public async Task two_people_signed_in_side_by_side_each_see_themselves_through_their_own_cookie()
    {
        var anaEmail = $"ana.lima.{Guid.NewGuid():N}@example.org";
        var benEmail = $"ben.okafor.{Guid.NewGuid():N}@example.org";
        var anaId = await Api.ParticipantAsync("Ana Lima", anaEmail);
        var benId = await Api.ParticipantAsync("Ben Okafor", benEmail);

        var ana = await Web.SignInAsync(anaEmail);
        var ben = await Web.SignInAsync(benEmail);

        foreach (var (page, id) in new[] { (ana, anaId), (ben, benId) })
        {
            var me = await page.APIRequest.GetAsync("/me");
            me.Status.ShouldBe(200);
            System.Text.Json.Nodes.JsonNode.Parse(await me.TextAsync())!["participant"]!["id"]!.GetValue<string>().ShouldBe(id);
        }
    }
}
