using System.Net;
using System.Text.RegularExpressions;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Web;

/// <summary>An agreement's past in the browser: its versions, the diff between two, a clause's history, the activity.</summary>
public sealed partial class VersionsPageTests(AppFixture app) : IntegrationContext(app)
{
    private const string Hostile = "<script>alert('x')</script>";

    /// <summary>
    /// A community whose proposal amending clause 2 is ratified as version 2, voted on by Ana Petrova of the Roma Rights
    /// Network and by a member whose name is markup; the member reads in Paris time.
    /// </summary>
    private async Task<(Community C, string Proposal, string Values, Pages Browser)> RatifiedAsync()
    {
        var c = await Api.CommunityAsync();
        await Api.RulesAsync(c);
        var organisation = await Api.OrganisationAsync("Roma Rights Network");
        var ana = await Api.ParticipantAsync("Ana Petrova", organisationId: organisation);
        (await Api.SendAsync(HttpMethod.Put, $"/agreements/{c.AgreementId}/members/{ana}", c.Facilitator.Token, new { role = "member" })).ShouldBe(HttpStatusCode.OK);
        var hostile = await Api.MemberAsync(c.AgreementId, c.Facilitator, "member", Hostile);
        var values = await Api.ClauseIdAsync(c.AgreementId, "2");
        var proposal = await Api.ProposalAsync(c, new { op = "amend", clauseId = values, text = "We act with courage and respect." });
        var vote = await Api.CallVoteAsync(c, proposal);
        (await Api.BallotAsync(vote, c.Member, "agree")).ShouldBe(HttpStatusCode.OK);
        (await Api.BallotAsync(vote, new Person(ana, await Api.TokenAsync(ana)), "agree")).ShouldBe(HttpStatusCode.OK);
        (await Api.BallotAsync(vote, hostile, "agree")).ShouldBe(HttpStatusCode.OK);
        await Api.CloseAsync(c, vote);
        (await Api.SendAsync(HttpMethod.Put, "/me/notifications", c.Member.Token, new { level = "mine", timeZone = "Europe/Paris", language = "en" }))
            .ShouldBe(HttpStatusCode.OK);
        return (c, proposal, values, await SignedInAsync(c.Member));
    }

    private async Task<Pages> SignedInAsync(Person person)
    {
        var browser = new Pages(App.Host);
        await browser.SignInAsync(App.Smtp, (await Api.GetAsync($"/participants/{person.Id}", Scenarios.Admin)).Json["email"]!.GetValue<string>());
        return browser;
    }

    [Fact]
    public async Task the_versions_page_lists_each_version_with_its_date_in_the_readers_zone_and_the_proposal_that_made_it()
    {
        var (c, proposal, _, browser) = await RatifiedAsync();

        var page = (await browser.GetAsync($"/app/agreements/{c.AgreementId}/versions")).ShouldBe(HttpStatusCode.OK).Html;

        page.ShouldContain("<h1>Versions of Community Agreement</h1>");
        var two = page.IndexOf($"<a href=\"/app/agreements/{c.AgreementId}/versions/2\" class=\"version-name\">Version 2</a>", StringComparison.Ordinal);
        var one = page.IndexOf($"<a href=\"/app/agreements/{c.AgreementId}/versions/1\" class=\"version-name\">Version 1</a>", StringComparison.Ordinal);
        two.ShouldBeGreaterThan(0);
        one.ShouldBeGreaterThan(two, "the newest first");
        page.ShouldContain($"Made by the proposal <a href=\"/app/proposals/{proposal}\">Clarify our purpose</a>");
        page.ShouldContain("The founding text");
        page.ShouldContain("(Europe/Paris)</time>");
        page.ShouldContain($"href=\"/app/agreements/{c.AgreementId}/diff?from=1&amp;to=2\"");

        // The comparison is a GET form, from the version before the current one to the current one.
        page.ShouldContain($"<form method=\"get\" action=\"/app/agreements/{c.AgreementId}/diff\"");
        page.ShouldContain("<label for=\"from\">From</label>");
        page.ShouldContain("<option value=\"1\" selected>Version 1</option>");
        Regex.Match(page, "<select id=\"to\" name=\"to\">.*?</select>", RegexOptions.Singleline).Value.ShouldContain("<option value=\"2\" selected>Version 2</option>");
    }

    [Fact]
    public async Task the_diff_shows_only_the_changed_clause_under_its_heading_and_in_full_every_clause_with_the_change_in_place()
    {
        var (c, _, _, browser) = await RatifiedAsync();

        var changes = (await browser.GetAsync($"/app/agreements/{c.AgreementId}/diff?from=1&to=2")).ShouldBe(HttpStatusCode.OK).Html;

        changes.ShouldContain("<h1>Changes from version 1 to version 2</h1>");
        changes.ShouldContain("<h3 class=\"change-what\">In 2 replace:</h3>");
        changes.ShouldContain("<del><span class=\"visually-hidden\">[deleted: </span>care");
        changes.ShouldContain("<ins><span class=\"visually-hidden\">[inserted: </span>courage");
        changes.ShouldNotContain("We decide by consent.", customMessage: "an unchanged clause is not shown by default");
        changes.ShouldContain($"href=\"/app/agreements/{c.AgreementId}/diff?from=1&amp;to=2&amp;view=full\"");

        var full = (await browser.GetAsync($"/app/agreements/{c.AgreementId}/diff?from=1&to=2&view=full")).ShouldBe(HttpStatusCode.OK).Html;

        foreach (var text in new[] { "We litigate together for justice.", "We share knowledge across borders.", "We support each other&#x27;s cases.", "We decide by consent." })
        {
            full.ShouldContain(text);
        }

        full.ShouldContain("<ins><span class=\"visually-hidden\">[inserted: </span>courage");
        full.ShouldContain("<input type=\"hidden\" name=\"view\" value=\"full\"", customMessage: "comparing again keeps the whole text");
    }

    [Fact]
    public async Task a_comparison_the_api_refuses_is_shown_in_its_words_with_its_status()
    {
        var (c, _, _, browser) = await RatifiedAsync();

        var page = (await browser.GetAsync($"/app/agreements/{c.AgreementId}/diff?from=1&to=99")).ShouldBe(HttpStatusCode.NotFound).Html;

        var answer = (await Api.GetAsync($"/agreements/{c.AgreementId}/diff?from=1&to=99", c.Member.Token)).ShouldBeProblem(HttpStatusCode.NotFound);
        page.ShouldContain(System.Net.WebUtility.HtmlEncode(answer["detail"]!.GetValue<string>()));
        page.ShouldContain("there is no version 99");
        page.ShouldContain($"<form method=\"get\" action=\"/app/agreements/{c.AgreementId}/diff\"", customMessage: "the reader can choose again");
    }

    [Fact]
    public async Task a_clauses_history_shows_each_change_with_its_proposal_and_its_words_before_and_after()
    {
        var (c, proposal, values, browser) = await RatifiedAsync();

        var page = (await browser.GetAsync($"/app/agreements/{c.AgreementId}/clauses/{values}")).ShouldBe(HttpStatusCode.OK).Html;

        page.ShouldContain("<h1>History of clause 2</h1>");
        var added = page.IndexOf(">Version 1: added</h2>", StringComparison.Ordinal);
        var amended = page.IndexOf(">Version 2: amended</h2>", StringComparison.Ordinal);
        added.ShouldBeGreaterThan(0);
        amended.ShouldBeGreaterThan(added);
        page.ShouldContain($"Made by the proposal <a href=\"/app/proposals/{proposal}\">Clarify our purpose</a>");
        var change = page[amended..];
        change.ShouldContain("We act with <del><span class=\"visually-hidden\">[deleted: </span>care");
        change.ShouldContain("<ins><span class=\"visually-hidden\">[inserted: </span>courage");
        page[added..amended].ShouldContain("<ins><span class=\"visually-hidden\">[inserted: </span>We act with care and respect.", customMessage: "added whole in version 1");
    }

    [Fact]
    public async Task the_activity_reads_as_sentences_newest_first_naming_organisations_and_escaping_names()
    {
        var (c, proposal, _, browser) = await RatifiedAsync();

        var page = (await browser.GetAsync($"/app/agreements/{c.AgreementId}/activity")).ShouldBe(HttpStatusCode.OK).Html;

        page.ShouldContain("<p>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; voted agree on");
        page.ShouldNotContain(Hostile);
        var sentences = Regex.Matches(page, "<li>\\s*<p>(.*?)</p>", RegexOptions.Singleline).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        sentences.Take(5).ShouldBe([
            "Fatima Diallo ratified “Clarify our purpose” as version 2",
            sentences[1], // the close, its tally explained
            $"{Hostile} voted agree on “Clarify our purpose”",
            "Ana Petrova (Roma Rights Network) voted agree on “Clarify our purpose”",
            "Ben Okafor voted agree on “Clarify our purpose”",
        ]);
        sentences[1].ShouldStartWith("Fatima Diallo closed the vote on “Clarify our purpose”");
        sentences[^1].ShouldBe("The administrator created the agreement “Community Agreement” with 5 clauses as version 1");
        page.ShouldContain($"<a href=\"/app/proposals/{proposal}#vote\">See the vote</a>");
        page.ShouldContain($"<a href=\"/app/proposals/{proposal}\">See the proposal</a>");
        page.ShouldContain("(Europe/Paris)</time>");
        page.ShouldNotContain("rel=\"next\"", customMessage: "one page holds it all");

        var later = (await browser.GetAsync($"/app/agreements/{c.AgreementId}/activity?page=2")).ShouldBe(HttpStatusCode.OK).Html;
        later.ShouldContain($"<a href=\"/app/agreements/{c.AgreementId}/activity?page=1\" rel=\"prev\">Newer</a>");
        (await browser.GetAsync($"/app/agreements/{c.AgreementId}/activity?page=0")).ShouldBe(HttpStatusCode.BadRequest).Html
            .ShouldContain("&#x27;page&#x27; is between 1 and 1000000 (by default 1).");
    }

    [Fact]
    public async Task an_outsider_gets_the_not_found_page_on_each_and_a_visitor_is_asked_to_sign_in()
    {
        var (c, _, values, _) = await RatifiedAsync();
        var outsider = await SignedInAsync(await Api.PersonAsync("Olu Outsider"));

        foreach (var path in new[] { "versions", "diff?from=1&to=2", $"clauses/{values}", "activity" })
        {
            var page = (await outsider.GetAsync($"/app/agreements/{c.AgreementId}/{path}")).ShouldBe(HttpStatusCode.NotFound).Html;
            page.ShouldContain("<h1>Not found</h1>");
            page.ShouldNotContain("Clarify our purpose");
            page.ShouldNotContain("/versions\"", customMessage: "not even a link to the agreement's versions");
            (await new Pages(App.Host).GetAsync($"/app/agreements/{c.AgreementId}/{path}")).ShouldBe(HttpStatusCode.SeeOther).Location.ShouldStartWith("/app/sign-in");
        }
    }
}
