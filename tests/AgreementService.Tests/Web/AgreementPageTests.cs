using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Web;

/// <summary>
/// The agreement page (the numbered text, the version picker, open proposals in the margin), proposing a change through
/// the draft's forms (with a preview, and the API's refusals beside the fields), and the public page for visitors.
/// </summary>
public sealed partial class AgreementPageTests(AppFixture app) : IntegrationContext(app)
{
    private async Task<Pages> SignedInAsync(Person person)
    {
        var email = (await Api.GetAsync($"/participants/{person.Id}", Scenarios.Admin)).Json["email"]!.GetValue<string>();
        // The emails setting up the community (a new role) are sent first, so that the next one to arrive is the sign-in link.
        (await ServiceDatabase.UntilQuietAsync(App.ConnectionString, TimeSpan.FromSeconds(30))).ShouldBeTrue("the service settled");
        var browser = new Pages(App.Host);
        await browser.SignInAsync(App.Smtp, email);
        return browser;
    }

    /// <summary>The part of the page that is clause <paramref name="clauseId"/>'s own, up to the next clause.</summary>
    private static string ClauseOf(string html, string clauseId)
    {
        var start = html.IndexOf($"id=\"clause-{clauseId}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, $"no clause {clauseId} on the page");
        var next = html.IndexOf("id=\"clause-", start + 10, StringComparison.Ordinal);
        return next < 0 ? html[start..] : html[start..next];
    }

    /// <summary>Posts the draft's form as the browser would: its hidden fields (the draft so far, the token) and what the person filled in or pressed.</summary>
    private static async Task<PageResponse> StepAsync(Pages browser, string html, string action, Dictionary<string, string> fields)
    {
        var form = Regex.Match(html, $"<form[^>]*action=\"{Regex.Escape(action)}\"[^>]*>(.*?)</form>", RegexOptions.Singleline);
        form.Success.ShouldBeTrue($"no form posts to {action}");
        var posted = Hidden().Matches(form.Groups[1].Value).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        foreach (var (name, value) in fields)
        {
            posted[name] = value;
        }

        return await browser.PostAsync(action, posted);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex Hidden();

    [Fact]
    public async Task the_text_is_numbered_with_an_anchor_per_clause_and_markup_in_it_shows_as_text()
    {
        var facilitator = await Api.PersonAsync("Fatima Diallo");
        var id = (await Api.PostAsync("/agreements", Scenarios.Admin, new
        {
            slug = "escaping", title = "Rules <b>bold</b>", visibility = "members", facilitatorId = facilitator.Id,
            clauses = new object[]
            {
                new { heading = "Purpose", text = "We litigate together.", clauses = new object[] { new { text = "Say <script>alert(1)</script> & mean it." } } },
                new { heading = "Values", text = "Care." },
            },
        })).ShouldBe(HttpStatusCode.Created)["id"];
        var nested = await Api.ClauseIdAsync(id, "1.1");
        var browser = await SignedInAsync(facilitator);

        var html = (await browser.GetAsync($"/app/agreements/{id}")).ShouldBe(HttpStatusCode.OK).Html;

        html.ShouldContain("<h1>Rules &lt;b&gt;bold&lt;/b&gt;</h1>");
        html.ShouldContain("Say &lt;script&gt;alert(1)&lt;/script&gt; &amp; mean it.");
        html.ShouldNotContain("<script");
        ClauseOf(html, nested).ShouldContain("<span class=\"number\">1.1</span>");
        var values = ClauseOf(html, await Api.ClauseIdAsync(id, "2"));
        values.ShouldContain("<span class=\"number\">2</span>");
        values.ShouldContain("<strong class=\"heading\">Values</strong>");
        html.ShouldContain($"href=\"/app/agreements/{id}/clauses/{nested}\">History of 1.1</a>");
        html.ShouldContain($"href=\"/app/agreements/{id}/manage\">"); // she facilitates it
        html.ShouldContain($"href=\"/app/agreements/{id}/versions\">");
        html.ShouldContain($"href=\"/app/agreements/{id}/activity\">");
    }

    [Fact]
    public async Task the_version_picker_shows_an_earlier_version_and_says_it_is_not_the_current_text()
    {
        var c = await Api.CommunityAsync();
        var decisions = await Api.ClauseIdAsync(c.AgreementId, "3");
        await Api.RatifyAsync(c, new { op = "amend", clauseId = decisions, text = "We decide by consent, after discussion." });
        var browser = await SignedInAsync(c.Member);

        var current = (await browser.GetAsync($"/app/agreements/{c.AgreementId}")).ShouldBe(HttpStatusCode.OK).Html;
        current.ShouldContain("Version 2 (the current text)");
        current.ShouldContain("We decide by consent, after discussion.");
        current.ShouldContain("<option value=\"2\" selected>");
        current.ShouldContain("<option value=\"1\">Version 1:");
        current.ShouldNotContain($"href=\"/app/agreements/{c.AgreementId}/manage\""); // a member, not a facilitator

        var picked = (await browser.GetAsync($"/app/agreements/{c.AgreementId}?version=1")).ShouldBe(HttpStatusCode.SeeOther);
        picked.Location.ShouldBe($"/app/agreements/{c.AgreementId}/versions/1");
        var earlier = (await browser.GetAsync(picked.Location!)).ShouldBe(HttpStatusCode.OK).Html;
        earlier.ShouldContain("an earlier text; the current version is 2");
        earlier.ShouldContain("We decide by consent.</p>");
        earlier.ShouldNotContain("after discussion");
        earlier.ShouldNotContain("/draft"); // changes are proposed on the current text
        (await browser.GetAsync($"/app/agreements/{c.AgreementId}/versions/9")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_version_shown_links_to_its_pdf_word_and_akoma_ntoso_which_download_with_their_names()
    {
        var c = await Api.CommunityAsync();
        await Api.RatifyAsync(c, new { op = "amend", clauseId = await Api.ClauseIdAsync(c.AgreementId, "3"), text = "We decide by consent, after discussion." });
        var browser = await SignedInAsync(c.Observer);
        var version = $"/app/agreements/{c.AgreementId}/versions/1";

        var html = (await browser.GetAsync(version)).ShouldBe(HttpStatusCode.OK).Html;
        html.ShouldContain("<p id=\"downloads\">Download version 1:</p>");
        foreach (var (format, mediaType, name) in new[]
                 {
                     ("pdf", "application/pdf", "community-agreement-version-1.pdf"),
                     ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "community-agreement-version-1.docx"),
                     ("xml", "application/akn+xml", "community-agreement-version-1.akn.xml"),
                 })
        {
            html.ShouldContain($"href=\"{version}/download/{format}\" aria-label=\"Download version 1 as ");
            var file = await browser.DownloadAsync($"{version}/download/{format}");
            (file.Status, file.MediaType, file.FileName).ShouldBe((HttpStatusCode.OK, mediaType, name));
            file.Bytes.Length.ShouldBeGreaterThan(500);
        }

        System.Text.Encoding.UTF8.GetString((await browser.DownloadAsync($"{version}/download/xml")).Bytes).ShouldContain("We decide by consent.");
        (await browser.DownloadAsync($"{version}/download/odt")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await browser.DownloadAsync($"/app/agreements/{c.AgreementId}/versions/7/download/pdf")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await browser.DownloadAsync($"/app/agreements/{Guid.NewGuid()}/versions/1/download/pdf")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await new Pages(App.Host).GetAsync($"{version}/download/pdf")).ShouldBe(HttpStatusCode.SeeOther).Location
            .ShouldBe("/app/sign-in?then=" + Uri.EscapeDataString(version), "the sign-in form first, then the page that links to the file");

        var visitor = new Pages(App.Host);
        (await visitor.GetAsync("/app/public/community-agreement")).Html.ShouldContain("href=\"/app/public/community-agreement/versions/2/download/pdf\" aria-label=\"Download version 2 as PDF\">PDF</a>");
        var pdf = await visitor.DownloadAsync("/app/public/community-agreement/versions/2/download/pdf");
        (pdf.Status, pdf.FileName).ShouldBe((HttpStatusCode.OK, "community-agreement-version-2.pdf"));
    }

    [Fact]
    public async Task each_clause_shows_in_its_margin_the_open_proposals_that_touch_it()
    {
        var c = await Api.CommunityAsync();
        var (purpose, values, decisions) = (await Api.ClauseIdAsync(c.AgreementId, "1"), await Api.ClauseIdAsync(c.AgreementId, "2"),
            await Api.ClauseIdAsync(c.AgreementId, "3"));
        var proposal = await Api.ProposalAsync(c, new { op = "amend", clauseId = values, text = "We act with care, respect and <courage>." });
        var browser = await SignedInAsync(c.Observer);

        var html = (await browser.GetAsync($"/app/agreements/{c.AgreementId}")).ShouldBe(HttpStatusCode.OK).Html;

        var margin = ClauseOf(html, values);
        margin.ShouldContain("1 open proposal changes 2:");
        margin.ShouldContain($"<a href=\"/app/proposals/{proposal}\">Clarify our purpose</a>");
        ClauseOf(html, purpose).ShouldNotContain("/app/proposals/");
        ClauseOf(html, decisions).ShouldNotContain("/app/proposals/");
        html.ShouldNotContain("Propose a change"); // an observer proposes nothing
    }

    [Fact]
    public async Task a_member_drafts_an_amend_and_an_add_sees_the_preview_and_submits_the_proposal()
    {
        var c = await Api.CommunityAsync();
        var decisions = await Api.ClauseIdAsync(c.AgreementId, "3");
        var browser = await SignedInAsync(c.Member);
        var draft = $"/app/agreements/{c.AgreementId}/draft";
        (await browser.GetAsync($"/app/agreements/{c.AgreementId}")).Html.ShouldContain($"href=\"{draft}?clause={decisions}\">Propose a change to 3</a>");

        var step = (await browser.GetAsync($"{draft}?clause={decisions}")).ShouldBe(HttpStatusCode.OK).Html;
        step.ShouldContain("<h2>Change clause 3</h2>");
        step.ShouldContain(">We decide by consent.</textarea>");
        var amended = (await StepAsync(browser, step, draft, new() { ["do"] = "amend", ["heading"] = "Decisions", ["text"] = "We decide by consent, after discussion." }))
            .ShouldBe(HttpStatusCode.OK).Html;
        amended.ShouldContain("<h3 class=\"change-what\">In 3 replace:</h3>");
        amended.ShouldContain("<ins><span class=\"visually-hidden\">[inserted: </span>");

        var again = (await StepAsync(browser, amended, draft, new() { ["do"] = "edit", ["clause"] = decisions })).ShouldBe(HttpStatusCode.OK).Html;
        again.ShouldContain(">We decide by consent, after discussion.</textarea>"); // the clause as the draft has it
        var added = (await StepAsync(browser, again, draft, new()
        {
            ["do"] = "add", ["where"] = "after", ["newHeading"] = "Review", ["newText"] = "We review this agreement <every> year.",
        })).ShouldBe(HttpStatusCode.OK).Html;
        added.ShouldContain("Change the wording of 3");
        added.ShouldContain("Add a clause after 3:");
        added.ShouldContain("<h3 class=\"change-what\">After 3 insert:</h3>");
        added.ShouldContain("&lt;every&gt;");

        var submitted = (await StepAsync(browser, added, draft, new()
        {
            ["do"] = "submit", ["title"] = "Discuss, then decide", ["rationale"] = "Consent works better after a discussion.",
        })).ShouldBe(HttpStatusCode.SeeOther);

        submitted.Location.ShouldStartWith("/app/proposals/");
        submitted.Location.ShouldContain("notice=");
        var proposalId = submitted.Location![("/app/proposals/".Length)..submitted.Location.IndexOf('?')];
        var proposal = (await Api.GetAsync($"/proposals/{proposalId}", c.Member.Token)).ShouldBe(HttpStatusCode.OK).Json;
        proposal["title"]!.GetValue<string>().ShouldBe("Discuss, then decide");
        var changes = proposal["changes"]!.AsArray();
        changes.Count.ShouldBe(2);
        changes[0]!["op"]!.GetValue<string>().ShouldBe("amend");
        changes[0]!["clauseId"]!.GetValue<string>().ShouldBe(decisions);
        changes[0]!["text"]!.GetValue<string>().ShouldBe("We decide by consent, after discussion.");
        changes[1]!["op"]!.GetValue<string>().ShouldBe("add");
        changes[1]!["afterId"]!.GetValue<string>().ShouldBe(decisions);
        changes[1]!["parentId"].ShouldBeNull();
        changes[1]!["text"]!.GetValue<string>().ShouldBe("We review this agreement <every> year.");
    }

    [Fact]
    public async Task an_observer_who_tries_to_propose_is_refused_in_the_apis_words_and_nothing_is_written()
    {
        var c = await Api.CommunityAsync();
        var decisions = await Api.ClauseIdAsync(c.AgreementId, "3");
        var words = (await Api.PostAsync($"/agreements/{c.AgreementId}/proposals", c.Observer.Token,
            new { title = "T", rationale = "R", baseVersion = 1, changes = new[] { new { op = "remove", clauseId = decisions } } })).ShouldRefuse(HttpStatusCode.Forbidden);
        var browser = await SignedInAsync(c.Observer);
        var draft = $"/app/agreements/{c.AgreementId}/draft";
        var written = await WrittenAsync();

        var step = (await browser.GetAsync($"{draft}?clause={decisions}")).ShouldBe(HttpStatusCode.OK).Html;
        var refused = (await StepAsync(browser, step, draft, new() { ["do"] = "remove" })).ShouldBe(HttpStatusCode.Forbidden).Html;
        refused.ShouldContain(WebUtility.HtmlEncode(words).Replace("&#39;", "&#x27;", StringComparison.Ordinal));

        var submitted = (await StepAsync(browser, step, draft, new()
        {
            ["do"] = "submit", ["title"] = "Remove it", ["rationale"] = "Because.", ["changes"] = $$"""[{"op":"remove","clauseId":"{{decisions}}"}]""",
        })).ShouldBe(HttpStatusCode.Forbidden).Html;
        submitted.ShouldContain("you are an observer");

        (await WrittenAsync()).ShouldBe(written);
        (await Api.GetAsync($"/agreements/{c.AgreementId}/proposals", c.Facilitator.Token)).Json["items"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task a_draft_without_a_title_is_shown_again_with_the_apis_words_beside_the_title_and_nothing_is_written()
    {
        var c = await Api.CommunityAsync();
        var decisions = await Api.ClauseIdAsync(c.AgreementId, "3");
        var words = (await Api.PostAsync($"/agreements/{c.AgreementId}/proposals", c.Member.Token,
            new { title = "", rationale = "R", baseVersion = 1, changes = new[] { new { op = "remove", clauseId = decisions } } }))
            .ShouldBeProblem(HttpStatusCode.BadRequest)["errors"]!["title"]![0]!.GetValue<string>();
        var browser = await SignedInAsync(c.Member);
        var draft = $"/app/agreements/{c.AgreementId}/draft";
        var step = (await browser.GetAsync($"{draft}?clause={decisions}")).Html;
        var removed = (await StepAsync(browser, step, draft, new() { ["do"] = "remove" })).ShouldBe(HttpStatusCode.OK).Html;
        removed.ShouldContain("<h3 class=\"change-what\">Remove 3</h3>");
        var written = await WrittenAsync();

        var refused = (await StepAsync(browser, removed, draft, new() { ["do"] = "submit", ["title"] = "", ["rationale"] = "It says nothing new." }))
            .ShouldBe(HttpStatusCode.BadRequest).Html;

        refused.ShouldContain($"<p class=\"error\" id=\"title-error\">{WebUtility.HtmlEncode(words).Replace("&#39;", "&#x27;", StringComparison.Ordinal)}</p>");
        refused.ShouldContain(">It says nothing new.</textarea>"); // what was typed stays
        refused.ShouldContain("Remove 3"); // and so does the draft
        (await WrittenAsync()).ShouldBe(written);
    }

    [Fact]
    public async Task a_draft_tampered_with_on_its_way_back_is_refused_and_started_again()
    {
        var c = await Api.CommunityAsync();
        var browser = await SignedInAsync(c.Member);
        var draft = $"/app/agreements/{c.AgreementId}/draft";
        var page = (await browser.GetAsync(draft)).ShouldBe(HttpStatusCode.OK).Html;

        foreach (var changes in new[] { "not json", """[{"clauseId":"00000000-0000-0000-0000-000000000001"}]""", """[{"op":"amend","clauseId":"x"}]""", """{"op":"remove"}""" })
        {
            (await StepAsync(browser, page, draft, new() { ["do"] = "submit", ["title"] = "T", ["rationale"] = "R", ["changes"] = changes }))
                .ShouldBe(HttpStatusCode.BadRequest).Html.ShouldContain("could not be read");
        }

        (await Api.GetAsync($"/agreements/{c.AgreementId}/proposals", c.Facilitator.Token)).Json["items"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task a_visitor_reads_a_public_agreement_and_its_earlier_versions_but_not_a_members_only_one()
    {
        var c = await Api.CommunityAsync();
        var decisions = await Api.ClauseIdAsync(c.AgreementId, "3");
        await Api.RatifyAsync(c, new { op = "amend", clauseId = decisions, text = "We decide by consent, after <discussion>." });
        await Api.AgreementAsync(c.Facilitator, "members-only", "members");
        var visitor = new Pages(App.Host);

        var current = (await visitor.GetAsync("/app/public/community-agreement")).ShouldBe(HttpStatusCode.OK).Html;
        current.ShouldContain("<h1>Community Agreement</h1>");
        current.ShouldContain("<span class=\"number\">1.2</span>");
        current.ShouldContain("We decide by consent, after &lt;discussion&gt;.");
        current.ShouldContain("href=\"/app/public/community-agreement?version=1\">Version 1</a>");
        current.ShouldNotContain("Propose a change");
        current.ShouldNotContain("/app/agreements/");

        var earlier = (await visitor.GetAsync("/app/public/community-agreement?version=1")).ShouldBe(HttpStatusCode.OK).Html;
        earlier.ShouldContain("We decide by consent.</p>");
        earlier.ShouldContain("an earlier text; the current version is 2");

        (await visitor.GetAsync("/app/public/members-only")).ShouldBe(HttpStatusCode.NotFound).Html.ShouldContain("<h1>Not found</h1>");
        (await visitor.GetAsync("/app/public/no-such-agreement")).ShouldBe(HttpStatusCode.NotFound);
        (await visitor.GetAsync("/app/public/community-agreement?version=7")).ShouldBe(HttpStatusCode.NotFound);
    }
}
