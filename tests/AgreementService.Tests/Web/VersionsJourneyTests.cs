using AgreementService.Tests.Support;
using Microsoft.Playwright;

namespace AgreementService.Tests.Web;

/// <summary>An agreement's past in a real Chromium: versions, a comparison chosen on the form, a clause's history, the activity.</summary>
public sealed class VersionsJourneyTests(WebApp web) : WebJourney(web)
{
    [BrowserFact]
    public async Task a_member_reads_the_versions_compares_two_follows_a_clause_and_reads_the_activity()
    {
        var facilitator = await Api.PersonAsync("Fatima Diallo");
        var agreement = await Api.AgreementAsync(facilitator, $"past-{Guid.NewGuid():N}");
        var member = await Api.MemberAsync(agreement, facilitator, "member", "Ben Okafor");
        var c = new Community(agreement, facilitator, member, member);
        await Api.RulesAsync(c);
        var values = await Api.ClauseIdAsync(agreement, "2");
        var proposal = await Api.ProposalAsync(c, new { op = "amend", clauseId = values, text = "We act with courage and respect." });
        var vote = await Api.CallVoteAsync(c, proposal);
        await Api.BallotAsync(vote, member, "agree");
        await Api.CloseAsync(c, vote);
        var ben = await Web.SignInAsync((await Api.GetAsync($"/participants/{member.Id}", Scenarios.Admin)).Json["email"]!.GetValue<string>());

        await ben.GotoAsync($"/app/agreements/{agreement}/versions");
        await Assertions.Expect(ben.GetByRole(AriaRole.Link, new() { Name = "Clarify our purpose" })).ToBeVisibleAsync();
        await WebApp.ScreenshotAsync(ben, "versions");
        await WebApp.AxeAsync(ben);

        await ben.GetByLabel("From").SelectOptionAsync("1");
        await ben.GetByLabel("To").SelectOptionAsync("2");
        await ben.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await Assertions.Expect(ben.GetByRole(AriaRole.Heading, new() { Name = "In 2 replace:" })).ToBeVisibleAsync();
        await Assertions.Expect(ben.Locator("ins")).ToContainTextAsync("courage");
        await WebApp.ScreenshotAsync(ben, "versions-diff");
        await WebApp.AxeAsync(ben);

        await ben.GetByRole(AriaRole.Link, new() { Name = "The whole text with the changes in place" }).ClickAsync();
        await Assertions.Expect(ben.GetByText("We decide by consent.")).ToBeVisibleAsync();
        await WebApp.ScreenshotAsync(ben, "versions-diff-full");
        await WebApp.AxeAsync(ben);

        await ben.GotoAsync($"/app/agreements/{agreement}/clauses/{values}");
        await Assertions.Expect(ben.GetByRole(AriaRole.Heading, new() { Name = "Version 2: amended" })).ToBeVisibleAsync();
        await WebApp.ScreenshotAsync(ben, "clause-history");
        await WebApp.AxeAsync(ben);

        await ben.GotoAsync($"/app/agreements/{agreement}/activity");
        await Assertions.Expect(ben.GetByText("Ben Okafor voted agree on “Clarify our purpose”")).ToBeVisibleAsync();
        await WebApp.ScreenshotAsync(ben, "activity");
        await WebApp.AxeAsync(ben);
    }
}
