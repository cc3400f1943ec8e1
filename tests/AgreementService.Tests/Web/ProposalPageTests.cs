using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Web;

/// <summary>The proposal's page: its changes, its discussion, its revisions and its vote, as people in a browser use them.</summary>
public sealed partial class ProposalPageTests(AppFixture app) : IntegrationContext(app)
{
    private const string Amended = "We share knowledge and <script>alert(1)</script> across borders.";

    private async Task<(Community Community, string Proposal, string Clause)> ProposalAsync()
    {
        var community = await Api.CommunityAsync();
        var clause = await Api.ClauseIdAsync(community.AgreementId, "1.1");
        var proposal = await Api.ProposalAsync(community, new { op = "amend", clauseId = clause, text = Amended });
        return (community, proposal, clause);
    }

    /// <summary>
    /// Signs the person in, once the emails earlier steps cause (roles, a vote called) are sent: the sign-in helper reads
    /// the person's next email as the link.
    /// </summary>
    private async Task<Pages> BrowserAsync(Person person)
    {
        (await ServiceDatabase.UntilQuietAsync(App.ConnectionString, TimeSpan.FromSeconds(30))).ShouldBeTrue("the service settled");
        var email = (await Api.GetAsync($"/participants/{person.Id}", Scenarios.Admin)).Json["email"]!.GetValue<string>();
        var browser = new Pages(App.Host);
        await browser.SignInAsync(App.Smtp, email);
        return browser;
    }

    [Fact]
    public async Task the_page_shows_only_the_changed_clauses_by_default_and_the_whole_text_with_them_in_place_on_asking()
    {
        var (community, proposal, _) = await ProposalAsync();
        var browser = await BrowserAsync(community.Member);

        var page = (await browser.GetAsync($"/app/proposals/{proposal}")).ShouldBe(HttpStatusCode.OK).Html;
        page.ShouldContain("<h1>Clarify our purpose</h1>");
        page.ShouldContain("The purpose should name strategic litigation.");
        page.ShouldContain("Ben Okafor");
        page.ShouldContain("open for discussion");
        page.ShouldContain("<h3 class=\"change-what\">In 1.1 replace:</h3>");
        page.ShouldContain("<ins><span class=\"visually-hidden\">[inserted: </span>and &lt;script&gt;alert(1)&lt;/script&gt;");
        page.ShouldNotContain("<script>alert(1)</script>");
        page.ShouldNotContain("We act with care and respect."); // an unchanged clause
        page.ShouldContain($"href=\"/app/proposals/{proposal}?view=full#changes\"");

        var full = (await browser.GetAsync($"/app/proposals/{proposal}?view=full")).ShouldBe(HttpStatusCode.OK).Html;
        full.ShouldContain("We act with care and respect.");
        full.ShouldContain("<p class=\"change-what\">In 1.1 replace:</p>");
        full.ShouldContain("&lt;script&gt;");
        full.ShouldNotContain("<script>alert(1)</script>");
    }

    [Fact]
    public async Task the_changes_download_as_word_tracked_changes_a_pdf_for_printing_and_akoma_ntoso()
    {
        var (community, proposal, _) = await ProposalAsync();
        var browser = await BrowserAsync(community.Observer);
        var here = $"/app/proposals/{proposal}";

        var page = (await browser.GetAsync(here)).ShouldBe(HttpStatusCode.OK).Html;
        page.ShouldContain($"<a href=\"{here}/download/docx\" aria-label=\"Download the changes as Word, with tracked changes\">Word, with tracked changes</a>");
        page.ShouldContain($"<a href=\"{here}/download/pdf\" aria-label=\"Download the changes as PDF, for printing\">PDF, for printing</a>");
        var word = await browser.DownloadAsync($"{here}/download/docx");
        (word.Status, word.FileName).ShouldBe((HttpStatusCode.OK, $"community-agreement-proposal-{proposal[..8]}.docx"));
        using (var zip = new System.IO.Compression.ZipArchive(new MemoryStream(word.Bytes)))
        using (var part = new StreamReader(zip.GetEntry("word/document.xml")!.Open()))
        {
            var xml = await part.ReadToEndAsync();
            xml.ShouldContain("<w:ins ");
            xml.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        }

        var pdf = await browser.DownloadAsync($"{here}/download/pdf");
        (pdf.Status, pdf.MediaType).ShouldBe((HttpStatusCode.OK, "application/pdf"));
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf.Bytes);
        string.Join(" ", document.GetPages().Select(p => p.Text)).ShouldContain("In 1.1 replace:");
        (await browser.DownloadAsync($"/app/proposals/{Guid.NewGuid()}/download/pdf")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_member_comments_on_a_clause_with_a_quote_and_an_observer_replies_in_the_thread()
    {
        var (community, proposal, clause) = await ProposalAsync();
        var member = await BrowserAsync(community.Member);
        var page = $"/app/proposals/{proposal}";

        // A quote that is not in the clause: the API's words, and nothing posted.
        var refused = (await member.SubmitAsync(page, $"{page}/comments", new() { ["clauseId"] = clause, ["quote"] = "not there", ["body"] = "Hm." }))
            .ShouldBe(HttpStatusCode.UnprocessableEntity).Html;
        refused.ShouldContain("The quote does not occur in that clause.");
        refused.ShouldContain("value=\"not there\"");
        (await Api.GetAsync($"/proposals/{proposal}/comments", community.Member.Token)).Json["total"]!.GetValue<int>().ShouldBe(0);

        var posted = (await member.SubmitAsync(page, $"{page}/comments",
            new() { ["clauseId"] = clause, ["quote"] = "share knowledge", ["body"] = "Does <b>this</b> cover training?" })).ShouldBe(HttpStatusCode.SeeOther);
        posted.Location.ShouldStartWith($"{page}?notice=");
        (await member.GetAsync(posted.Location!)).Html.ShouldContain("<p class=\"notice\" role=\"status\">Your comment is posted.</p>");
        var commentId = (await Api.GetAsync($"/proposals/{proposal}/comments", community.Member.Token)).Json["items"]![0]!["id"]!.GetValue<string>();

        var observer = await BrowserAsync(community.Observer);
        (await observer.SubmitAsync(page, $"{page}/comments", new() { ["replyTo"] = commentId, ["body"] = "Yes: <i>all</i> of it." }))
            .ShouldBe(HttpStatusCode.SeeOther);

        var html = (await member.GetAsync(page)).ShouldBe(HttpStatusCode.OK).Html;
        html.ShouldContain("<p class=\"anchor\">On clause 1.1:</p>");
        html.ShouldContain("<blockquote class=\"quote\"><p>share knowledge</p></blockquote>");
        html.ShouldContain("Does &lt;b&gt;this&lt;/b&gt; cover training?");
        html.ShouldNotContain("<b>this</b>");
        var thread = Regex.Match(html, $"<li id=\"comment-{commentId}\" class=\"comment\">.*?<ol class=\"thread replies\">(.*?)</ol>", RegexOptions.Singleline);
        thread.Success.ShouldBeTrue("the reply is nested under the comment it answers");
        thread.Groups[1].Value.ShouldContain("Olga Nowak");
        thread.Groups[1].Value.ShouldContain("Yes: &lt;i&gt;all&lt;/i&gt; of it.");
        html.ShouldContain($"action=\"{page}/comments/{commentId}/edit\""); // his own comment
        html.ShouldNotContain($"action=\"{page}/comments/{commentId}/hide\""); // facilitators only

        (await member.SubmitAsync(page, $"{page}/comments/{commentId}/edit", new() { ["body"] = "Does this cover training and mentoring?" }))
            .ShouldBe(HttpStatusCode.SeeOther);
        var edited = (await member.GetAsync(page)).Html;
        edited.ShouldContain("Does this cover training and mentoring?");
        edited.ShouldContain("(edited)");

        var facilitator = await BrowserAsync(community.Facilitator);
        var replyId = (await Api.GetAsync($"/proposals/{proposal}/comments", community.Member.Token)).Json["items"]![0]!["replies"]![0]!["id"]!.GetValue<string>();
        (await facilitator.SubmitAsync(page, $"{page}/comments/{replyId}/hide", new() { ["reason"] = "Off topic" })).ShouldBe(HttpStatusCode.SeeOther);
        var hidden = (await member.GetAsync(page)).Html;
        hidden.ShouldContain("Hidden by Fatima Diallo: Off topic");
        hidden.ShouldNotContain("Yes: &lt;i&gt;all&lt;/i&gt; of it.");
    }

    [Fact]
    public async Task a_proposal_the_agreement_moved_past_says_so_plainly_and_its_author_is_shown_how_to_revise_it()
    {
        var (community, proposal, clause) = await ProposalAsync();
        await Api.RatifyAsync(community, new { op = "amend", clauseId = clause, text = "We share what we know." });
        var author = await BrowserAsync(community.Member);
        var page = $"/app/proposals/{proposal}";

        var html = (await author.GetAsync(page)).ShouldBe(HttpStatusCode.OK).Html;
        html.ShouldContain("<h2 id=\"conflict\">This proposal no longer fits the current text</h2>");
        var words = (await Api.GetAsync($"/proposals/{proposal}/diff", community.Member.Token)).ShouldBe(HttpStatusCode.Conflict)["detail"];
        html.ShouldContain(WebUtility.HtmlEncode(words).Replace("&#39;", "&#x27;", StringComparison.Ordinal));
        html.ShouldContain("Revise it against the current text (version 2)");

        // The revision replaces the conflicting change, written against the current version.
        (await author.SubmitAsync(page, $"{page}/revisions", new() { ["clauseId"] = clause, ["text"] = "We share what we know, and how we won." }))
            .ShouldBe(HttpStatusCode.SeeOther);
        var revised = await Api.ReadProposalAsync(proposal);
        revised.Status.ShouldBe(AgreementService.Proposals.ProposalStatus.Open);
        revised.BaseVersion.ShouldBe(2);
        (await author.GetAsync(page)).Html.ShouldNotContain("This proposal no longer fits the current text");
    }

    [Fact]
    public async Task the_author_revises_and_each_revision_shows_what_it_changed_from_the_one_before()
    {
        var (community, proposal, clause) = await ProposalAsync();
        var author = await BrowserAsync(community.Member);
        var page = $"/app/proposals/{proposal}";

        (await author.SubmitAsync(page, $"{page}/revisions", new() { ["clauseId"] = clause, ["text"] = "We share legal knowledge across borders.", ["note"] = "Plainer" }))
            .ShouldBe(HttpStatusCode.SeeOther);

        var html = (await author.GetAsync(page)).ShouldBe(HttpStatusCode.OK).Html;
        html.ShouldContain("Revision 1, by Ben Okafor");
        html.ShouldContain("Revision 2, by Ben Okafor");
        html.ShouldContain("Note: Plainer");
        html.ShouldContain($"href=\"{page}?revision=2#revision-diff\"");

        var second = (await author.GetAsync($"{page}?revision=2")).ShouldBe(HttpStatusCode.OK).Html;
        second.ShouldContain("What revision 2 changed from revision 1");
        var diff = second[second.IndexOf("id=\"revision-diff\"", StringComparison.Ordinal)..];
        diff.ShouldContain("In 1.1 replace:");
        diff.ShouldContain("[deleted: </span>knowledge and &lt;script&gt;alert(1)&lt;/script&gt;");
        diff.ShouldContain("[inserted: </span>legal knowledge");

        var first = (await author.GetAsync($"{page}?revision=1")).ShouldBe(HttpStatusCode.OK).Html;
        first.ShouldContain("What revision 1 changed in version 1");

        // Withdrawing asks first.
        (await author.GetAsync($"{page}/withdraw")).ShouldBe(HttpStatusCode.OK).Html.ShouldContain("<h1>Withdraw this proposal?</h1>");
        (await author.SubmitAsync($"{page}/withdraw", $"{page}/withdraw", [])).ShouldBe(HttpStatusCode.SeeOther);
        (await Api.ReadProposalAsync(proposal)).Status.ShouldBe(AgreementService.Proposals.ProposalStatus.Withdrawn);
    }

    [Fact]
    public async Task the_api_answers_what_a_revision_changed_from_the_one_before()
    {
        var (community, proposal, clause) = await ProposalAsync();
        (await Api.PostAsync($"/proposals/{proposal}/revisions", community.Member.Token,
            new { baseVersion = 1, changes = new[] { new { op = "amend", clauseId = clause, text = "We share legal knowledge across borders." } } }))
            .ShouldBe(HttpStatusCode.OK);

        var diff = (await Api.GetAsync($"/proposals/{proposal}/revisions/2/diff", community.Observer.Token)).ShouldBe(HttpStatusCode.OK).Json;
        diff["fromRevision"]!.GetValue<int>().ShouldBe(1);
        diff["clauses"]!.AsArray().Count.ShouldBe(1);
        diff["clauses"]![0]!["fromText"]!.GetValue<string>().ShouldBe(Amended);
        diff["clauses"]![0]!["toText"]!.GetValue<string>().ShouldBe("We share legal knowledge across borders.");
        (await Api.GetAsync($"/proposals/{proposal}/revisions/3/diff", community.Observer.Token)).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_vote_is_called_cast_changed_and_closed_on_the_page_and_refusals_read_as_the_api_words_them()
    {
        var (community, proposal, _) = await ProposalAsync();
        (await Api.RulesAsync(community)).ShouldBe(HttpStatusCode.OK);
        var third = (await Api.MembersAsync(community, 1))[0];
        var page = $"/app/proposals/{proposal}";

        var facilitator = await BrowserAsync(community.Facilitator);
        var closesAt = DateTime.UtcNow.AddDays(3).AddHours(1).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        (await facilitator.SubmitAsync(page, $"{page}/vote", new() { ["closesAt"] = closesAt })).ShouldBe(HttpStatusCode.SeeOther);
        var voteId = (await Api.ReadProposalAsync(proposal)).VoteId!.Value.ToString();

        var member = await BrowserAsync(community.Member);
        var card = (await member.GetAsync(page)).ShouldBe(HttpStatusCode.OK).Html;
        card.ShouldContain("<section id=\"vote\" aria-labelledby=\"vote-title\">");
        card.ShouldContain("consent, quorum 50% of participants");
        card.ShouldContain("(in 3 days)");
        card.ShouldContain("0 of 3 have voted");
        card.ShouldContain("<legend>Your choice</legend>");
        card.ShouldContain("<label for=\"choice-block\"><strong>Block</strong> — I cannot live with this; give your reason</label>");
        card.ShouldContain("<label for=\"choice-abstain\"><strong>Stand aside (abstain)</strong> — I won&#x27;t stop it</label>");

        // A block without a reason: the API's words beside the reason, and no ballot.
        var refused = (await member.SubmitAsync(page, $"{page}/ballot", new() { ["choice"] = "block", ["reason"] = "" })).ShouldBe(HttpStatusCode.BadRequest).Html;
        refused.ShouldContain("<p class=\"error\" id=\"reason-error\">A block is a principled objection: give the reason for it in &#x27;reason&#x27;.</p>");
        refused.ShouldContain("id=\"choice-block\" name=\"choice\" value=\"block\" checked");
        (await Api.VoteAsync(voteId)).Ballots.ShouldBeEmpty();

        var blocked = (await member.SubmitAsync(page, $"{page}/ballot", new() { ["choice"] = "block", ["reason"] = "It drops <our> cases." })).ShouldBe(HttpStatusCode.SeeOther);
        var afterBlock = (await member.GetAsync(blocked.Location!)).Html;
        afterBlock.ShouldContain("<p class=\"notice\" role=\"status\">Your ballot is recorded: block</p>");
        afterBlock.ShouldContain("It drops &lt;our&gt; cases.");
        afterBlock.ShouldContain("Change my ballot");

        var agreed = (await member.SubmitAsync(page, $"{page}/ballot", new() { ["choice"] = "agree", ["reason"] = "" })).ShouldBe(HttpStatusCode.SeeOther);
        (await member.GetAsync(agreed.Location!)).Html.ShouldContain("<p class=\"notice\" role=\"status\">Your ballot is recorded: agree</p>");
        (await Api.BallotAsync(voteId, third, "object", "Too vague")).ShouldBe(HttpStatusCode.OK);
        (await Api.BallotAsync(voteId, community.Facilitator, "agree")).ShouldBe(HttpStatusCode.OK);
        var ballot = await member.GetAsync(page); // a ballot form, kept open across the close
        ballot.Html.ShouldContain("3 of 3 have voted");

        // The observer follows the vote but has no ballot.
        var observer = await BrowserAsync(community.Observer);
        var watched = (await observer.GetAsync(page)).ShouldBe(HttpStatusCode.OK).Html;
        watched.ShouldContain("You are not among this vote&#x27;s voters");
        watched.ShouldNotContain($"action=\"{page}/ballot\"");
        watched.ShouldNotContain($"action=\"{page}/vote/close\"");

        var closed = (await facilitator.SubmitAsync(page, $"{page}/vote/close", [])).ShouldBe(HttpStatusCode.SeeOther);
        var outcome = (await facilitator.GetAsync(closed.Location!)).Html;
        outcome.ShouldContain("<p class=\"notice\" role=\"status\">The vote is closed.</p>");
        outcome.ShouldContain("Outcome: passed");
        outcome.ShouldContain("Passed: consent: no block; 1 objection recorded.");

        // The form opened before the close, sent after it: refused in the API's words, nothing recorded.
        var token = AntiforgeryToken().Match(ballot.Html).Groups[1].Value;
        var late = (await member.PostAsync($"{page}/ballot", new() { ["choice"] = "block", ["reason"] = "Too late", ["_antiforgery"] = WebUtility.HtmlDecode(token) }))
            .ShouldBe(HttpStatusCode.Conflict).Html;
        var words = (await Api.BallotAsync(voteId, community.Member, "block", "Too late")).ShouldBe(HttpStatusCode.Conflict)["detail"];
        late.ShouldContain(WebUtility.HtmlEncode(words).Replace("&#39;", "&#x27;", StringComparison.Ordinal));
        (await Api.VoteAsync(voteId)).Ballots.Single(b => b.Voter.Id.ToString() == community.Member.Id).Choice.ShouldBe(AgreementService.Votes.Choice.Agree);
    }

    [GeneratedRegex("name=\"_antiforgery\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
