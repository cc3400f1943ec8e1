using AgreementService.Infrastructure;
using System.Net;
using System.Text.Json.Nodes;
using AgreementService.Agreements;
using AgreementService.Comments;
using AgreementService.Publishing;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Resilience;

/// <summary>What a hostile member, a stranger or a careless client could do, and what the service answers instead.</summary>
public sealed class HardeningTests(AppFixture app) : IntegrationContext(app)
{
    [Fact]
    public async Task another_communitys_proposal_reads_exactly_like_one_that_does_not_exist()
    {
        var c = await Api.CommunityAsync();
        var proposal = await Api.ProposalAsync(c, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "2") });
        var outsider = await Api.PersonAsync("Outsider");

        var theirs = (await Api.GetAsync($"/proposals/{proposal}", outsider.Token)).ShouldRefuse(HttpStatusCode.NotFound);
        var nobodys = (await Api.GetAsync($"/proposals/{Guid.NewGuid()}", outsider.Token)).ShouldRefuse(HttpStatusCode.NotFound);

        theirs.ShouldBe(nobodys);
    }

    [Fact]
    public async Task an_agreement_at_its_size_cap_refuses_a_proposal_that_would_grow_it_and_diffs_the_largest_rewrite_exactly()
    {
        var facilitator = await Api.PersonAsync("Fatima Diallo");
        var clauses = Enumerable.Range(0, 50).Select(i => new { text = Words(i, Outline.MaxCharacters / 50 - 10) }).ToArray();
        var agreement = (await Api.PostAsync("/agreements", Scenarios.Admin,
            new { slug = "at-the-cap", title = "At the cap", visibility = "members", clauses, facilitatorId = facilitator.Id })).ShouldBe(HttpStatusCode.Created)["id"];
        var member = await Api.MemberAsync(agreement, facilitator);

        var grown = await Api.ProposeAsync(agreement, member, 1, new { op = "add", text = new string('x', 600) });

        grown.ShouldRefuse(HttpStatusCode.UnprocessableEntity).ShouldContain("together they can hold at most 1,000,000");

        // Every letter of one clause replaced: more differences than a diff pays for, so it reads as replaced whole.
        var first = await Api.ClauseIdAsync(agreement, "1");
        var rewrite = (await Api.ProposeAsync(agreement, member, 1, new { op = "amend", clauseId = first, text = Words(7, Outline.MaxCharacters / 50 - 10) }))
            .ShouldBe(HttpStatusCode.Created)["id"];
        var diff = (await Api.GetAsync($"/proposals/{rewrite}/diff", member.Token)).ShouldBe(HttpStatusCode.OK).Json;
        var segments = diff["clauses"]![0]!["textSegments"]!.AsArray();
        string.Concat(segments.Where(s => s!["kind"]!.GetValue<string>() != "inserted").Select(s => s!["text"]!.GetValue<string>())).ShouldBe(clauses[0].text);
        string.Concat(segments.Where(s => s!["kind"]!.GetValue<string>() != "deleted").Select(s => s!["text"]!.GetValue<string>())).ShouldBe(Words(7, Outline.MaxCharacters / 50 - 10));
    }

    private static string Words(int seed, int characters) =>
        string.Join(' ', Enumerable.Range(0, characters / 2).Select(i => (char)('a' + (seed + i * 7 + i / 13) % 26)));

    [Fact]
    public async Task a_page_far_beyond_the_end_is_refused_not_a_failure()
    {
        var c = await Api.CommunityAsync();

        (await Api.GetAsync($"/agreements/{c.AgreementId}/activity?page=2147483647", c.Observer.Token)).ShouldBeProblem(HttpStatusCode.BadRequest)["errors"]!["page"]![0]!
            .GetValue<string>().ShouldContain("'page' is between 1 and");
        (await Api.GetAsync($"/agreements/{c.AgreementId}/activity?page=1000000&pageSize=200", c.Observer.Token)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_reply_chain_of_any_length_is_listed_whole_and_nests_at_most_six_deep()
    {
        var c = await Api.CommunityAsync();
        var proposal = await Api.ProposalAsync(c, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "2") });
        string? replyTo = null;
        for (var i = 0; i < 20; i++)
        {
            replyTo = (await Api.PostAsync($"/proposals/{proposal}/comments", c.Observer.Token, new { body = $"Reply {i}.", replyTo }))
                .ShouldBe(HttpStatusCode.Created)["id"];
        }

        var threads = (await Api.GetAsync($"/proposals/{proposal}/comments", c.Member.Token)).ShouldBe(HttpStatusCode.OK).As<Paged<CommentView>>().Items;

        static IEnumerable<(CommentView Comment, int Depth)> Walk(IEnumerable<CommentView> level, int depth) =>
            level.SelectMany(c => Walk(c.Replies, depth + 1).Prepend((c, depth)));
        var all = Walk(threads, 1).ToList();
        all.Select(x => x.Comment.Body).ShouldBe(Enumerable.Range(0, 20).Select(i => $"Reply {i}."), "every reply, in order");
        all.Max(x => x.Depth).ShouldBe(CommentView.MaxDepth);
    }

    [Fact]
    public async Task the_public_cache_remembers_a_bounded_number_of_slugs_however_many_strangers_ask_for()
    {
        var cache = new PublicCache(TimeProvider.System);

        for (var i = 0; i < PublicCache.MaxAgreements + 500; i++)
        {
            await cache.AgreementAsync($"no-such-agreement-{i}", () => Task.FromResult<Agreement?>(null));
        }

        cache.AgreementsRemembered.ShouldBeLessThanOrEqualTo(PublicCache.MaxAgreements);
    }

    [Fact]
    public async Task a_rendering_asked_for_by_many_at_once_is_made_once()
    {
        var cache = new PublicCache(TimeProvider.System);
        var made = 0;
        var release = new TaskCompletionSource();
        async Task<Rendered?> Render()
        {
            Interlocked.Increment(ref made);
            await release.Task;
            return new Rendered([1, 2, 3], "\"tag\"", "application/pdf");
        }

        var asking = Enumerable.Range(0, 20).Select(_ => Task.Run(() => cache.RenderingAsync(Guid.Empty, 1, 1, false, "application/pdf", Render, CancellationToken.None))).ToList();
        await Task.Delay(200);
        release.SetResult();
        var answers = await Task.WhenAll(asking);

        made.ShouldBe(1);
        answers.ShouldAllBe(a => a != null && a.ETag == "\"tag\"");
        (await cache.RenderingAsync(Guid.Empty, 1, 1, false, "application/pdf", Render, CancellationToken.None))!.ETag.ShouldBe("\"tag\"");
        made.ShouldBe(1, "kept once made");
    }

    [Fact]
    public async Task markdown_carries_clause_text_never_markup()
    {
        var facilitator = await Api.PersonAsync();
        (await Api.PostAsync("/agreements", Scenarios.Admin, new
        {
            slug = "markup", title = "<b>Agreement</b>", visibility = "public", facilitatorId = facilitator.Id,
            clauses = new[] { new { heading = "<i>Safety</i>", text = "<script>alert(1)</script><img src=x onerror=\"alert(2)\"> & more" } },
        })).ShouldBe(HttpStatusCode.Created);

        var markdown = (await Api.AcceptAsync("/public/agreements/markup", "text/markdown")).ShouldBe(HttpStatusCode.OK).Body;

        markdown.ShouldNotContain("<script>");
        markdown.ShouldNotContain("<img");
        markdown.ShouldNotContain("<b>");
        markdown.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=\"alert(2)\"&gt; &amp; more");
    }

    [Fact]
    public async Task every_answer_forbids_sniffing_framing_and_referrers_and_answers_to_credentials_are_not_stored()
    {
        var c = await Api.CommunityAsync();

        var members = await Api.GetAsync($"/agreements/{c.AgreementId}", c.Member.Token);
        var refused = await Api.GetAsync("/agreements");
        var embed = await Api.GetAsync("/embed.js");

        foreach (var response in new[] { members, refused, embed })
        {
            response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
            response.Headers.GetValues("Referrer-Policy").ShouldBe(["no-referrer"]);
        }

        members.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
        members.Headers.CacheControl!.NoStore.ShouldBeTrue();
        embed.Headers.Contains("Content-Security-Policy").ShouldBeFalse("partners embed the public reads");
    }

    [Theory]
    [InlineData("""{"slug":"nulls","title":"T","visibility":"members","clauses":[null]}""", "clauses[0]")]
    [InlineData("""{"slug":"nested","title":"T","visibility":"members","clauses":[{"text":"One.","clauses":[null]}]}""", "clauses[0].clauses[0]")]
    [InlineData("{\"slug\":\"community-agreement\\n\",\"title\":\"T\",\"visibility\":\"members\",\"clauses\":[{\"text\":\"One.\"}]}", "slug")]
    public async Task a_founding_text_with_null_clauses_or_a_look_alike_slug_is_refused_saying_where(string body, string field)
    {
        var written = await WrittenAsync();

        var problem = (await Api.SendAsync(HttpMethod.Post, "/agreements", Scenarios.Admin, rawBody: body)).ShouldBeProblem(HttpStatusCode.BadRequest);

        problem["errors"]!.AsObject().Select(e => e.Key).ShouldContain(field);
        (await WrittenAsync()).ShouldBe(written);
    }
}
