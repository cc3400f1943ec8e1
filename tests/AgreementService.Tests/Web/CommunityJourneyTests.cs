using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using AgreementService.Tests.Support;
using AgreementService.Web;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace AgreementService.Tests.Web;

/// <summary>
/// Issue 16's journey in Chromium, as the people of one community take it: a newcomer is invited and signs in from the
/// emailed link, proposes a change to a clause, a member comments on a quote of it, the author revises, the facilitator
/// calls a vote, three members vote (one blocks with a reason, then agrees), the facilitator closes it, and everyone,
/// a visitor too, reads version 2. Every step is a person clicking and typing on the pages; only the community's
/// starting point is set up through the API. And the refusals a person can run into on the way, in the API's words.
/// </summary>
public sealed partial class CommunityJourneyTests(WebApp web, ITestOutputHelper output) : WebJourney(web)
{
    private const string Original = "We share knowledge across borders.";
    private const string Proposed = "We share knowledge and evidence across borders.";
    private const string Revised = "We share knowledge, evidence and strategy across borders.";

    [BrowserFact]
    public async Task a_newcomer_is_invited_proposes_a_change_it_is_discussed_revised_voted_through_and_everyone_reads_version_2()
    {
        var clock = Stopwatch.StartNew();
        var c = await CommunityAsync();
        var steps = new List<string>();
        void Step(string name) => steps.Add($"{name} {clock.Elapsed.TotalSeconds:0.0} s");
        Step("set-up");

        // 2. The facilitator invites a newcomer on her dashboard; the newcomer signs in from the invitation's link.
        var fatima = await Web.SignInAsync(c.Facilitator.Email);
        await MyAgreement(fatima).ClickAsync();
        await fatima.GetByRole(AriaRole.Link, new() { Name = "Facilitator's dashboard" }).ClickAsync();
        var newcomerEmail = Email("nadia.haddad");
        var invite = fatima.Locator("form[action$='/invitations']");
        await invite.GetByLabel("Name").FillAsync("Nadia Haddad");
        await invite.GetByLabel("Email address").FillAsync(newcomerEmail);
        await invite.GetByLabel("Role in this agreement").SelectOptionAsync(new SelectOptionValue { Label = "member" });
        await Shot(fatima, "journey-dashboard");
        await invite.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        await Expect(Notice(fatima)).ToHaveTextAsync($"Invitation sent to Nadia Haddad ({newcomerEmail}), as member.");
        await Shot(fatima, "journey-dashboard-invited");
        var invitation = (await Web.Smtp.WaitForAsync(newcomerEmail)).ShouldHaveSingleItem();
        var link = SignInLink().Match(invitation.TextBody ?? "").Value;
        link.ShouldStartWith(Web.BaseUrl + "/sign-in/", Case.Sensitive, $"the invitation carries a sign-in link:\n{invitation.TextBody}");
        var nadia = await Web.NewPersonAsync();
        await nadia.GotoAsync(link);
        await Shot(nadia, "journey-invited");
        await nadia.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await WebApp.ArrivedAsync(nadia, url => url == Web.BaseUrl + "/");
        await Expect(nadia.GetByText("Signed in as Nadia Haddad")).ToBeVisibleAsync();
        await Shot(nadia, "journey-home");
        Step("invited and signed in");

        // 3. She proposes a change by editing clause 1.1 on the agreement page: its new wording, a preview, a title and rationale.
        await MyAgreement(nadia).ClickAsync();
        await Expect(nadia.GetByText("Version 1 (the current text) · member")).ToBeVisibleAsync();
        await Shot(nadia, "journey-agreement");
        await nadia.GetByRole(AriaRole.Link, new() { Name = "Propose a change to 1.1" }).ClickAsync();
        await Expect(nadia.GetByRole(AriaRole.Heading, new() { Name = "Change clause 1.1" })).ToBeVisibleAsync();
        await nadia.GetByLabel("Text", new() { Exact = true }).First.FillAsync(Proposed);
        await Shot(nadia, "journey-draft-clause");
        await nadia.GetByRole(AriaRole.Button, new() { Name = "Use this wording for 1.1" }).ClickAsync();
        await Expect(nadia.GetByRole(AriaRole.Heading, new() { Name = "Preview: what your proposal changes" })).ToBeVisibleAsync();
        await Expect(nadia.GetByText("Change the wording of 1.1")).ToBeVisibleAsync();
        await nadia.GetByLabel("Title").FillAsync("Share evidence too");
        await nadia.GetByLabel("Rationale").FillAsync("Our cases are won on evidence; sharing it is what helps most.");
        await Shot(nadia, "journey-draft-preview");
        await nadia.GetByRole(AriaRole.Button, new() { Name = "Submit the proposal" }).ClickAsync();
        await Expect(Notice(nadia)).ToHaveTextAsync(Strings.Draft_Submitted);
        await Expect(nadia.GetByRole(AriaRole.Heading, new() { Name = "Share evidence too", Level = 1 })).ToBeVisibleAsync();
        var proposalPath = new Uri(nadia.Url).AbsolutePath;
        await Shot(nadia, "journey-proposal-submitted");
        Step("proposed");

        // 4. Ben comments on a quote of the changed clause; Nadia revises.
        var ben = await Web.SignInAsync(c.Ben.Email);
        await MyAgreement(ben).ClickAsync();
        await ben.GetByRole(AriaRole.Link, new() { Name = "Share evidence too" }).ClickAsync();
        await ben.GetByLabel("What it is about").SelectOptionAsync(new SelectOptionValue { Label = "Clause 1.1" });
        await ben.GetByLabel("Quote (optional)").FillAsync("knowledge and evidence");
        await ben.GetByLabel("Your comment").FillAsync("Evidence from whom? Let us also share our strategy.");
        await ben.GetByRole(AriaRole.Button, new() { Name = "Post the comment" }).ClickAsync();
        await Expect(Notice(ben)).ToHaveTextAsync(Strings.Comment_Posted);
        var comment = ben.Locator(".comment").First;
        await Expect(comment).ToContainTextAsync("On clause 1.1:");
        await Expect(comment.Locator("blockquote")).ToHaveTextAsync("knowledge and evidence");
        await Shot(ben, "journey-proposal-commented");

        await nadia.ReloadAsync();
        await Expect(nadia.GetByText("Evidence from whom? Let us also share our strategy.")).ToBeVisibleAsync();
        await nadia.GetByLabel("Clause to change").SelectOptionAsync(new SelectOptionValue { Label = "1.1" });
        await nadia.GetByLabel("Its new text").FillAsync(Revised);
        await nadia.GetByLabel("What you changed, and why (optional)").FillAsync("Strategy too, as Ben suggests.");
        await nadia.GetByRole(AriaRole.Button, new() { Name = "Save the revision" }).ClickAsync();
        await Expect(Notice(nadia)).ToHaveTextAsync(Strings.Proposal_Revised);
        await Expect(nadia.Locator("#revisions")).ToContainTextAsync("Revision 2, by Nadia Haddad");
        await Expect(nadia.Locator("section:has(#changes)")).ToContainTextAsync("strategy");
        await Shot(nadia, "journey-proposal-revised");
        Step("commented and revised");

        // 5. Fatima calls the vote; Ben agrees, Chidi blocks with a reason and then agrees, Nadia agrees.
        await fatima.GotoAsync(proposalPath);
        await fatima.GetByRole(AriaRole.Button, new() { Name = "Call the vote" }).ClickAsync();
        await Expect(Notice(fatima)).ToHaveTextAsync(Strings.Vote_Called);
        await Expect(fatima.Locator("#vote")).ToContainTextAsync("0 of 4 have voted");
        await Shot(fatima, "journey-vote-called");

        await ben.GotoAsync("/");
        await VoteWaits(ben).ClickAsync();
        await VoteAsync(ben, "Agree", null, "journey-vote-ben");
        var chidi = await Web.SignInAsync(c.Chidi.Email);
        await VoteWaits(chidi).ClickAsync();
        await VoteAsync(chidi, "Block", "Strategy is for each organisation to share or not.", "journey-vote-block");
        await Expect(chidi.Locator(".your-ballot")).ToHaveTextAsync("Your ballot: Block — Strategy is for each organisation to share or not.");
        await chidi.Locator("#vote").ScreenshotAsync(new() { Path = Path.Combine(WebApp.ScreenshotFolder, "journey-vote-card-open-1280.png") });
        await VoteAsync(chidi, "Agree", "", "journey-vote-changed");
        await Expect(chidi.Locator(".your-ballot")).ToHaveTextAsync("Your ballot: Agree");
        await nadia.GotoAsync("/");
        await VoteWaits(nadia).ClickAsync();
        await VoteAsync(nadia, "Agree", null, "journey-vote-author");
        await Expect(nadia.Locator("#vote")).ToContainTextAsync("3 of 4 have voted");
        Step("voted");

        // 6. Fatima closes it: the outcome and why.
        await fatima.ReloadAsync();
        await Expect(fatima.Locator("#vote")).ToContainTextAsync("3 of 4 have voted");
        await fatima.GetByRole(AriaRole.Button, new() { Name = "Close the vote now" }).ClickAsync();
        await Expect(Notice(fatima)).ToHaveTextAsync(Strings.Vote_Closed);
        await Expect(fatima.GetByRole(AriaRole.Heading, new() { Name = "Outcome: passed" })).ToBeVisibleAsync();
        await Expect(fatima.Locator("#vote .explanation")).Not.ToBeEmptyAsync();
        await Expect(fatima.GetByText("This proposal was ratified: it is version 2 of the agreement.")).ToBeVisibleAsync();
        await Shot(fatima, "journey-vote-closed");
        await fatima.Locator("#vote").ScreenshotAsync(new() { Path = Path.Combine(WebApp.ScreenshotFolder, "journey-vote-card-closed-1280.png") });
        Step("closed");

        // 7. Everyone reads version 2 and what it changed; a visitor reads it publicly.
        foreach (var (person, name) in new[] { (fatima, "fatima"), (ben, "ben"), (chidi, "chidi"), (nadia, "nadia") })
        {
            await person.GotoAsync($"/app/agreements/{c.AgreementId}");
            await Expect(person.Locator("p.meta").First).ToContainTextAsync("Version 2 (the current text)");
            await Expect(person.Locator($"#clause-{c.Clause} .clause-text")).ToHaveTextAsync(Revised);
            if (name == "ben")
            {
                await Shot(person, "journey-agreement-v2");
            }
        }

        await ben.GetByRole(AriaRole.Link, new() { Name = "Versions and what changed" }).ClickAsync();
        await Expect(ben.Locator("ol.versions > li").First.GetByRole(AriaRole.Link, new() { Name = "Version 2", Exact = true })).ToBeVisibleAsync();
        await Expect(ben.Locator("ol.versions > li").First).ToContainTextAsync("(the current version)");
        await Expect(ben.Locator("ol.versions > li").First).ToContainTextAsync("Share evidence too");
        await Shot(ben, "journey-versions");
        await ben.GetByRole(AriaRole.Link, new() { Name = "What version 2 changed" }).ClickAsync();
        await Expect(ben.GetByRole(AriaRole.Heading, new() { Name = "Changes from version 1 to version 2", Level = 1 })).ToBeVisibleAsync();
        await Expect(ben.Locator("main")).ToContainTextAsync("In 1.1 replace:");
        await Expect(ben.Locator("main ins").First).ToContainTextAsync("evidence");
        await Shot(ben, "journey-diff-1-2");

        var visitor = await Web.NewPersonAsync();
        await visitor.GotoAsync($"/app/public/{c.Slug}");
        await Expect(visitor.GetByText(Revised)).ToBeVisibleAsync();
        await Expect(visitor.GetByText(Original)).ToHaveCountAsync(0);
        await Shot(visitor, "journey-public-v2");
        Step("version 2 read");

        output.WriteLine($"Web app started: {Web.StartupTimes}. The journey: {string.Join(", ", steps)}.");
    }

    [BrowserFact]
    public async Task an_observer_is_offered_no_way_to_propose_and_a_draft_posted_anyway_is_refused_in_the_apis_words()
    {
        var c = await CommunityAsync();
        var olga = await Web.SignInAsync(c.Observer.Email);
        await olga.GotoAsync($"/app/agreements/{c.AgreementId}");
        await Expect(olga.GetByText("Version 1 (the current text) · observer")).ToBeVisibleAsync();
        await Expect(olga.GetByRole(AriaRole.Link, new() { Name = "Propose a change" })).ToHaveCountAsync(0);

        // The draft form, opened by its address: what she sends is the API's to refuse.
        await olga.GotoAsync($"/app/agreements/{c.AgreementId}/draft?clause={c.Clause}");
        await olga.GetByLabel("Text", new() { Exact = true }).First.FillAsync(Proposed);
        var refused = await olga.RunAndWaitForResponseAsync(
            () => olga.GetByRole(AriaRole.Button, new() { Name = "Use this wording for 1.1" }).ClickAsync(),
            r => r.Request.Method == "POST");
        refused.Status.ShouldBe(403);

        var api = await Api.PostAsync($"/agreements/{c.AgreementId}/proposals/preview", c.Observer.Token,
            new { baseVersion = 1, changes = new[] { new { op = "amend", clauseId = c.Clause, text = Proposed } } });
        api.Status.ShouldBe(HttpStatusCode.Forbidden);
        var words = api.Json["detail"]!.GetValue<string>();
        await Expect(olga.GetByRole(AriaRole.Alert)).ToContainTextAsync(words);
        await Shot(olga, "journey-observer-refused");
        (await Api.GetAsync($"/agreements/{c.AgreementId}/proposals", Scenarios.Admin)).Json.ToJsonString().ShouldNotContain(Proposed);
    }

    [BrowserFact]
    public async Task a_ballot_sent_after_the_close_is_refused_in_the_apis_words()
    {
        var c = await CommunityAsync();
        var proposal = await Api.ProposalAsync(c.Community, new { op = "amend", clauseId = c.Clause, text = Proposed });
        var vote = await Api.CallVoteAsync(c.Community, proposal);
        (await Api.BallotAsync(vote, c.Chidi, "agree")).ShouldBe(HttpStatusCode.OK);

        var ben = await Web.SignInAsync(c.Ben.Email);
        await ben.GotoAsync($"/app/proposals/{proposal}");
        await ben.GetByRole(AriaRole.Radio, new() { Name = "Agree" }).CheckAsync();
        await Api.CloseAsync(c.Community, vote); // while the page is open before him

        await ben.GetByRole(AriaRole.Button, new() { Name = "Cast my ballot" }).ClickAsync();
        var words = (await Api.BallotAsync(vote, c.Ben, "agree")).Json["detail"]!.GetValue<string>();
        await Expect(ben.GetByRole(AriaRole.Alert)).ToContainTextAsync(words);
        await Expect(ben.GetByRole(AriaRole.Button, new() { Name = "Cast my ballot" })).ToHaveCountAsync(0);
        await Expect(ben.Locator("#vote .ballots")).Not.ToContainTextAsync("Ben");
        await Shot(ben, "journey-ballot-refused");
        (await Api.VoteAsync(vote)).Ballots.ShouldNotContain(b => b.Voter.Name.StartsWith("Ben", StringComparison.Ordinal));
    }

    /// <summary>Chooses on the vote card, with a reason if given, sends it and hears the choice announced.</summary>
    private static async Task VoteAsync(IPage page, string choice, string? reason, string screenshot)
    {
        var card = page.Locator("#vote");
        await card.GetByRole(AriaRole.Radio, new() { Name = choice }).CheckAsync();
        if (reason is not null)
        {
            await card.GetByRole(AriaRole.Textbox, new() { Name = "Your reason" }).FillAsync(reason);
        }

        var button = await card.GetByRole(AriaRole.Button, new() { Name = "Change my ballot" }).CountAsync() > 0 ? "Change my ballot" : "Cast my ballot";
        await card.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
        await Expect(Notice(page)).ToHaveTextAsync($"Your ballot is recorded: {choice.ToLowerInvariant()}");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = choice })).ToBeCheckedAsync();
        await Shot(page, screenshot);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>The agreement in the home page's list of one's own.</summary>
    private static ILocator MyAgreement(IPage page) =>
        page.GetByRole(AriaRole.Region, new() { Name = "Your agreements" }).GetByRole(AriaRole.Link, new() { Name = "Community Agreement" });

    /// <summary>The home page's link to a vote waiting for the reader.</summary>
    private static ILocator VoteWaits(IPage page) =>
        page.GetByRole(AriaRole.Link, new() { Name = "Vote on “Share evidence too” in Community Agreement" });

    private static ILocator Notice(IPage page) => page.GetByRole(AriaRole.Status);

    /// <summary>Each new screen: no serious or critical axe violation, and its screenshots at 1280 and 360 px.</summary>
    private static async Task Shot(IPage page, string name)
    {
        await WebApp.AxeAsync(page);
        await WebApp.ScreenshotAsync(page, name);
    }

    private static string Email(string name) => $"{name}.{Guid.NewGuid():N}@example.org";

    private sealed record Someone(string Id, string Token, string Email)
    {
        public static implicit operator Person(Someone s) => new(s.Id, s.Token);
    }

    private sealed record Journey(Community Community, string AgreementId, string Slug, string Clause, Someone Facilitator, Someone Ben, Someone Chidi, Someone Observer);

    /// <summary>1. What the journey starts from, as the administrator and facilitator set it up: a public agreement, its people, rules allowing a vote at once.</summary>
    private async Task<Journey> CommunityAsync()
    {
        async Task<Someone> PersonAsync(string name)
        {
            var email = Email(name.ToLowerInvariant().Replace(' ', '.'));
            var id = await Api.ParticipantAsync(name, email);
            return new Someone(id, await Api.TokenAsync(id), email);
        }

        var fatima = await PersonAsync("Fatima Diallo");
        var slug = $"journey-{Guid.NewGuid():N}";
        var agreement = await Api.AgreementAsync(fatima, slug);
        var ben = await PersonAsync("Ben Okafor");
        var chidi = await PersonAsync("Chidi Eze");
        var olga = await PersonAsync("Olga Nowak");
        foreach (var (person, role) in new[] { (ben, "member"), (chidi, "member"), (olga, "observer") })
        {
            (await Api.SendAsync(HttpMethod.Put, $"/agreements/{agreement}/members/{person.Id}", fatima.Token, new { role })).ShouldBe(HttpStatusCode.OK);
        }

        var community = new Community(agreement, fatima, ben, olga);
        (await Api.RulesAsync(community, minDiscussionHours: 0)).ShouldBe(HttpStatusCode.OK);
        return new Journey(community, agreement, slug, await Api.ClauseIdAsync(agreement, "1.1"), fatima, ben, chidi, olga);
    }

    [GeneratedRegex(@"https?://\S+?/sign-in/agr_[A-Za-z0-9_-]+")]
    private static partial Regex SignInLink();
}
