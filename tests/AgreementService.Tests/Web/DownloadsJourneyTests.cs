using System.Text;
using System.Text.RegularExpressions;
using AgreementService.Tests.Support;
using Microsoft.Playwright;

namespace AgreementService.Tests.Web;

/// <summary>
/// The documents in a real Chromium: a member downloads the version shown and a proposal's changes, a visitor the public
/// version, each by clicking its link; and what a person sees when a download cannot be had.
/// </summary>
public sealed class DownloadsJourneyTests(WebApp web) : WebJourney(web)
{
    [BrowserFact]
    public async Task a_member_downloads_the_version_and_a_proposal_and_a_visitor_the_public_version()
    {
        var (c, slug, proposal) = await CommunityAsync();
        var ben = await Web.SignInAsync(await EmailAsync(c.Member));

        await ben.GotoAsync($"/app/agreements/{c.AgreementId}");
        await Assertions.Expect(ben.GetByText("We act with courage and respect.")).ToBeVisibleAsync();
        var version = ben.GetByRole(AriaRole.Navigation, new() { Name = "Download version 2:" });
        await DownloadsAsync(ben, version, $"{slug}-version-2", "Download version 2 as PDF", "Download version 2 as Word", "Download version 2 as Akoma Ntoso XML");
        await WebApp.ScreenshotAsync(ben, "downloads-agreement");
        await WebApp.AxeAsync(ben);

        await ben.GotoAsync($"/app/proposals/{proposal}");
        await Assertions.Expect(ben.GetByRole(AriaRole.Heading, new() { Name = "Name strategic litigation", Level = 1 })).ToBeVisibleAsync();
        var changes = ben.GetByRole(AriaRole.Navigation, new() { Name = "Download the changes:" });
        await DownloadsAsync(ben, changes, $"{slug}-proposal-{proposal[..8]}", "Download the changes as PDF, for printing", "Download the changes as Word, with tracked changes", "Download the changes as Akoma Ntoso XML");
        await WebApp.ScreenshotAsync(ben, "downloads-proposal");
        await WebApp.AxeAsync(ben);

        var visitor = await Web.NewPersonAsync();
        await visitor.GotoAsync($"/app/public/{slug}");
        var shown = visitor.GetByRole(AriaRole.Navigation, new() { Name = "Download version 2:" });
        await DownloadsAsync(visitor, shown, $"{slug}-version-2", "Download version 2 as PDF", "Download version 2 as Word", "Download version 2 as Akoma Ntoso XML");
        await WebApp.ScreenshotAsync(visitor, "downloads-public");
        await WebApp.AxeAsync(visitor);
    }

    [BrowserFact]
    public async Task a_download_that_cannot_be_had_is_a_page_that_says_why_not_a_file()
    {
        var (c, _, proposal) = await CommunityAsync();
        var email = await EmailAsync(c.Member);
        var ben = await Web.SignInAsync(email);
        var files = new List<string>();
        ben.Download += (_, download) => files.Add(download.SuggestedFilename);

        // The session ends while Ben reads the proposal: the link shows the sign-in form (it does not save the form as a
        // file), and signing in brings him back to the proposal, where the link downloads.
        await ben.GotoAsync($"/app/proposals/{proposal}");
        await ben.Context.ClearCookiesAsync();
        await ben.GetByRole(AriaRole.Link, new() { Name = "Download the changes as PDF, for printing" }).ClickAsync();
        await Assertions.Expect(ben).ToHaveURLAsync(new Regex("/app/sign-in\\?then="));
        await Assertions.Expect(ben.GetByLabel(AgreementService.Web.Strings.SignIn_Email)).ToBeVisibleAsync();
        await WebApp.AxeAsync(ben);
        await ben.GotoAsync(await Web.RequestSignInLinkAsync(ben, email));
        await ben.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(ben).ToHaveURLAsync(new Regex($"/app/proposals/{proposal}$"));
        var changes = ben.GetByRole(AriaRole.Navigation, new() { Name = "Download the changes:" });
        var pdf = await ben.RunAndWaitForDownloadAsync(() => changes.GetByRole(AriaRole.Link, new() { Name = "Download the changes as PDF, for printing" }).ClickAsync());
        pdf.SuggestedFilename.ShouldEndWith(".pdf");

        // Ben is removed from the agreement while its page is open: the link is refused with a page, not a failed download.
        await ben.GotoAsync($"/app/agreements/{c.AgreementId}");
        (await Api.DeleteAsync($"/agreements/{c.AgreementId}/members/{c.Member.Id}", c.Facilitator.Token)).ShouldBe(System.Net.HttpStatusCode.NoContent);
        var refused = await ben.RunAndWaitForResponseAsync(() => ben.GetByRole(AriaRole.Link, new() { Name = "Download version 2 as Word" }).ClickAsync(),
            response => response.Url.EndsWith("/download/docx", StringComparison.Ordinal));
        refused.Status.ShouldBe(404);
        await Assertions.Expect(ben).ToHaveURLAsync(new Regex("/versions/2/download/docx$"));
        await Assertions.Expect(ben.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 })).ToBeVisibleAsync();
        await WebApp.ScreenshotAsync(ben, "downloads-refused");
        await WebApp.AxeAsync(ben);

        // A proposal that does not exist (a link mistyped), and a format there is none of: the same page.
        (await ben.GotoAsync($"/app/proposals/{Guid.NewGuid()}/download/docx"))!.Status.ShouldBe(404);
        await Assertions.Expect(ben.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 })).ToBeVisibleAsync();
        (await ben.GotoAsync($"/app/agreements/{c.AgreementId}/versions/2/download/odt"))!.Status.ShouldBe(404);
        await Assertions.Expect(ben.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 })).ToBeVisibleAsync();
        files.ShouldBe([pdf.SuggestedFilename], "the one file Ben could have");
    }

    /// <summary>Clicks each link of <paramref name="downloads"/> by its whole name (as a screen reader says it) and checks the file the browser saves.</summary>
    private static async Task DownloadsAsync(IPage page, ILocator downloads, string name, string pdf, string word, string xml)
    {
        await Assertions.Expect(downloads).ToBeVisibleAsync();
        foreach (var (link, file, start) in new[] { (pdf, $"{name}.pdf", "%PDF-"), (word, $"{name}.docx", "PK"), (xml, $"{name}.akn.xml", "<?xml") })
        {
            var download = await page.RunAndWaitForDownloadAsync(() => downloads.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync());
            download.SuggestedFilename.ShouldBe(file);
            (await download.FailureAsync()).ShouldBeNull();
            var saved = await download.PathAsync();
            var bytes = await File.ReadAllBytesAsync(saved);
            Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, start.Length)).ShouldBe(start, $"{file} as saved");
        }
    }

    private async Task<string> EmailAsync(Person person) =>
        (await Api.GetAsync($"/participants/{person.Id}", Scenarios.Admin)).Json["email"]!.GetValue<string>();

    /// <summary>A public agreement at version 2 (clause 2 amended) with an open proposal on clause 1.</summary>
    private async Task<(Community Community, string Slug, string Proposal)> CommunityAsync()
    {
        var facilitator = await Api.PersonAsync("Fatima Diallo");
        var slug = $"downloads-{Guid.NewGuid():N}"[..24];
        var agreement = await Api.AgreementAsync(facilitator, slug);
        var member = await Api.MemberAsync(agreement, facilitator, "member", "Ben Okafor");
        var c = new Community(agreement, facilitator, member, member);
        await Api.RatifyAsync(c, new { op = "amend", clauseId = await Api.ClauseIdAsync(agreement, "2"), text = "We act with courage and respect." });
        var proposal = (await Api.PostAsync($"/agreements/{agreement}/proposals", member.Token, new
        {
            title = "Name strategic litigation", rationale = "The purpose should say what we do.", baseVersion = 2,
            changes = new object[] { new { op = "amend", clauseId = await Api.ClauseIdAsync(agreement, "1"), text = "We litigate together, strategically, for justice." } },
        })).ShouldBe(System.Net.HttpStatusCode.Created)["id"];
        return (c, slug, proposal);
    }
}
