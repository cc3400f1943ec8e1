using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using AgreementService.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace AgreementService.Tests.Web;

/// <summary>
/// The agreement page, drafting a proposal and the public page in a real Chromium, as people use them: a member reads the
/// numbered text, looks at an earlier version, changes a clause in place and adds one, checks the preview and submits; an
/// observer reads without the means to propose; a visitor reads the public text. Every screen passes axe and is screenshotted.
/// </summary>
public sealed class AgreementJourneyTests(WebApp web, ITestOutputHelper output) : WebJourney(web)
{
    private const string Script = "Say <script>alert(1)</script> & mean it.";

    private static PageGetByRoleOptions Named(string name, bool exact = true) => new() { Name = name, Exact = exact };

    /// <summary>A public agreement of three clauses (1.2 holds markup), a facilitator, a member and an observer with known emails, ratified to version 2.</summary>
    private async Task<(Community Community, string Slug, string MemberEmail, string ObserverEmail)> CommunityAsync()
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        var facilitator = await Api.PersonAsync("Fatima Diallo");
        var slug = $"journey-{unique}";
        var id = (await Api.PostAsync("/agreements", Scenarios.Admin, new
        {
            slug, title = "Strategic Litigation Network", visibility = "public", facilitatorId = facilitator.Id,
            clauses = new object[]
            {
                new { heading = "Purpose", text = "We litigate together for justice.", clauses = new object[]
                {
                    new { text = "We share knowledge across borders." },
                    new { text = Script },
                } },
                new { heading = "Values", text = "We act with care and respect." },
                new { heading = "Decisions", text = "We decide by consent." },
            },
        })).ShouldBe(HttpStatusCode.Created)["id"];

        async Task<(Person, string)> JoinAsync(string name, string role)
        {
            var email = $"{name.Split(' ')[0].ToLowerInvariant()}.{unique}@example.org";
            var person = await Api.ParticipantAsync(name, email);
            (await Api.SendAsync(HttpMethod.Put, $"/agreements/{id}/members/{person}", facilitator.Token, new { role })).ShouldBe(HttpStatusCode.OK);
            return (new Person(person, await Api.TokenAsync(person)), email);
        }

        var (member, memberEmail) = await JoinAsync("Ben Okafor", "member");
        var (observer, observerEmail) = await JoinAsync("Olga Nowak", "observer");
        var community = new Community(id, facilitator, member, observer);
        await Api.RatifyAsync(community, new { op = "amend", clauseId = await Api.ClauseIdAsync(id, "3"), text = "We decide by consent, after discussion." });
        return (community, slug, memberEmail, observerEmail);
    }

    private static async Task LookAsync(IPage page, string name)
    {
        await WebApp.AxeAsync(page);
        await WebApp.ScreenshotAsync(page, name);
    }

    [BrowserFact]
    public async Task a_member_reads_the_text_and_an_earlier_version_then_changes_a_clause_adds_one_previews_and_submits()
    {
        var clock = Stopwatch.StartNew();
        var (c, _, memberEmail, _) = await CommunityAsync();
        var setUp = clock.Elapsed;
        var ben = await Web.SignInAsync(memberEmail);

        // From the home page, as he would.
        await ben.GotoAsync("/");
        await ben.GetByRole(AriaRole.Link, Named("Strategic Litigation Network")).ClickAsync();
        await Assertions.Expect(ben).ToHaveURLAsync(new Regex(Regex.Escape($"/app/agreements/{c.AgreementId}") + "$"));
        await Assertions.Expect(ben.GetByRole(AriaRole.Heading, new() { Name = "Strategic Litigation Network", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(ben.GetByText("Version 2 (the current text)")).ToBeVisibleAsync();
        var script = ben.Locator($"#clause-{await Api.ClauseIdAsync(c.AgreementId, "1.2")} .clause-text").First;
        await Assertions.Expect(script).ToHaveTextAsync(Script); // shown as text, never run
        await Assertions.Expect(ben.GetByText("We decide by consent, after discussion.")).ToBeVisibleAsync();
        await LookAsync(ben, "agreement");

        // An earlier version, with the picker.
        await ben.GetByLabel("Read another version").SelectOptionAsync("1");
        await ben.GetByRole(AriaRole.Button, Named("Show this version")).ClickAsync();
        await Assertions.Expect(ben).ToHaveURLAsync(new Regex(Regex.Escape($"/app/agreements/{c.AgreementId}/versions/1") + "$"));
        await Assertions.Expect(ben.GetByText("You are reading version 1, an earlier text.")).ToBeVisibleAsync();
        await Assertions.Expect(ben.GetByText("We decide by consent.", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(ben.GetByRole(AriaRole.Link, Named("Propose a change to 1.2"))).ToHaveCountAsync(0);
        await LookAsync(ben, "agreement-earlier");
        await ben.GetByRole(AriaRole.Link, Named("Read the current text.")).ClickAsync();
        await Assertions.Expect(ben).ToHaveURLAsync(new Regex(Regex.Escape($"/app/agreements/{c.AgreementId}") + "$"));

        // Change 1.2 in place.
        await ben.GetByRole(AriaRole.Link, Named("Propose a change to 1.2")).ClickAsync();
        await Assertions.Expect(ben.GetByRole(AriaRole.Heading, new() { Name = "Change clause 1.2", Level = 2 })).ToBeVisibleAsync();
        var wording = ben.GetByRole(AriaRole.Group, new() { Name = "Change the wording of 1.2" });
        await Assertions.Expect(wording.GetByLabel("Text", new() { Exact = true })).ToHaveValueAsync(Script);
        await LookAsync(ben, "draft-clause");
        await wording.GetByLabel("Text", new() { Exact = true }).FillAsync("Say what you mean, and mean it.");
        await ben.GetByRole(AriaRole.Button, Named("Use this wording for 1.2")).ClickAsync();
        await Assertions.Expect(ben.GetByRole(AriaRole.Heading, Named("In 1.2 replace:"))).ToBeVisibleAsync();
        await Assertions.Expect(ben.Locator(".preview del").First).ToContainTextAsync("<script>");
        await Assertions.Expect(ben.Locator(".preview ins").First).ToContainTextAsync("what you mean");
        await LookAsync(ben, "draft-one-change");

        // Add a clause after 2.
        await ben.GetByLabel("Another clause to change").SelectOptionAsync(new SelectOptionValue { Label = "2 Values" });
        await ben.GetByRole(AriaRole.Button, Named("Change this clause")).ClickAsync();
        var adding = ben.GetByRole(AriaRole.Group, new() { Name = "Add a new clause near 2" });
        await Assertions.Expect(adding.GetByLabel("After 2")).ToBeCheckedAsync();
        await adding.GetByLabel("Heading of the new clause (optional)").FillAsync("Costs");
        await adding.GetByLabel("Text of the new clause").FillAsync("We share the costs of each case fairly.");
        await ben.GetByRole(AriaRole.Button, Named("Add this clause")).ClickAsync();
        await Assertions.Expect(ben.GetByRole(AriaRole.Heading, Named("After 2 insert:"))).ToBeVisibleAsync();
        await Assertions.Expect(ben.GetByRole(AriaRole.Heading, Named("In 1.2 replace:"))).ToBeVisibleAsync();
        await Assertions.Expect(ben.Locator(".draft-changes li")).ToHaveCountAsync(2);

        // Title and rationale; Enter in the title submits the proposal.
        await ben.GetByLabel("Title", new() { Exact = true }).FillAsync("Plain words and shared costs");
        await ben.GetByLabel("Rationale").FillAsync("Clause 1.2 reads oddly, and nothing says who pays.");
        await LookAsync(ben, "draft-preview");
        await ben.GetByLabel("Title", new() { Exact = true }).PressAsync("Enter");
        await Assertions.Expect(ben).ToHaveURLAsync(new Regex("/app/proposals/[0-9a-f-]{36}(\\?|$)"));
        var proposalId = Regex.Match(ben.Url, "/app/proposals/([0-9a-f-]{36})").Groups[1].Value;

        var proposal = await Api.ReadProposalAsync(proposalId);
        proposal.Title.ShouldBe("Plain words and shared costs");
        proposal.Rationale.ShouldBe("Clause 1.2 reads oddly, and nothing says who pays.");
        proposal.BaseVersion.ShouldBe(2);
        proposal.Changes.Count.ShouldBe(2, "the wording of 1.2 and the clause added after 2, nothing else");
        output.WriteLine($"Web app started: {Web.StartupTimes}. Set up through the API in {setUp.TotalSeconds:0.0} s; whole journey {clock.Elapsed.TotalSeconds:0.0} s.");
    }

    [BrowserFact]
    public async Task an_observer_reads_without_the_means_to_propose_and_a_visitor_reads_the_public_page()
    {
        var (c, slug, _, observerEmail) = await CommunityAsync();

        var olga = await Web.SignInAsync(observerEmail);
        await olga.GotoAsync($"/app/agreements/{c.AgreementId}");
        await Assertions.Expect(olga.GetByText("We decide by consent, after discussion.")).ToBeVisibleAsync();
        await Assertions.Expect(olga.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("Propose a change", RegexOptions.IgnoreCase) })).ToHaveCountAsync(0);
        await Assertions.Expect(olga.GetByRole(AriaRole.Link, Named("History of 1.2"))).ToBeVisibleAsync();
        await LookAsync(olga, "agreement-observer");

        var visitor = await Web.NewPersonAsync();
        var response = await visitor.GotoAsync($"/app/public/{slug}");
        response!.Status.ShouldBe(200);
        await Assertions.Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = "Strategic Litigation Network", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(visitor.GetByText(Script)).ToBeVisibleAsync();
        await Assertions.Expect(visitor.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("Propose a change|History", RegexOptions.IgnoreCase) })).ToHaveCountAsync(0);
        await LookAsync(visitor, "public");
        await visitor.GetByRole(AriaRole.Link, Named("Version 1")).ClickAsync();
        await Assertions.Expect(visitor.GetByText("We decide by consent.", new() { Exact = true })).ToBeVisibleAsync();
        await LookAsync(visitor, "public-earlier");
    }
}
