using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Publishing;

public sealed class PublishingTests(AppFixture app) : IntegrationContext(app)
{
    private async Task<(Community C, string Values)> AmendedAsync()
    {
        var c = await Api.CommunityAsync();
        var values = await Api.ClauseIdAsync(c.AgreementId, "2");
        await Api.RatifyAsync(c, new { op = "amend", clauseId = values, text = "We act with courage and respect." });
        return (c, values);
    }

    [Fact]
    public async Task the_diff_between_versions_comes_in_every_format()
    {
        var (c, values) = await AmendedAsync();
        var url = $"/agreements/{c.AgreementId}/diff?from=1&to=2";

        var json = (await Api.AcceptAsync(url, "application/json", c.Observer.Token)).ShouldBe(HttpStatusCode.OK).Json;
        var clause = json["clauses"]!.AsArray().Single()!;
        (clause["clauseId"]!.GetValue<string>(), clause["changes"]![0]!.GetValue<string>()).ShouldBe((values, "amended"));
        clause["textSegments"]!.AsArray().Select(s => $"{s!["kind"]}:{s["text"]}").ShouldBe(["equal:We act with ", "deleted:care", "inserted:courage", "equal: and respect."]);

        var html = await Api.AcceptAsync(url, "text/html", c.Observer.Token);
        html.MediaType.ShouldBe("text/html");
        html.Body.ShouldContain("<del class=\"diff-del\">care</del><ins class=\"diff-ins\">courage</ins>");
        (await Api.AcceptAsync(url, "text/markdown", c.Observer.Token)).Body.ShouldContain("{--care--}{++courage++}");
        var unified = await Api.AcceptAsync(url, "text/x-diff", c.Observer.Token);
        unified.MediaType.ShouldBe("text/x-diff");
        unified.Body.ShouldContain("+    We act with courage and respect.");
        (await Api.AcceptAsync($"/agreements/{c.AgreementId}/diff?from=2&to=2", "application/json", c.Observer.Token)).Json["clauses"]!.AsArray().ShouldBeEmpty();
        (await Api.AcceptAsync($"/agreements/{c.AgreementId}/diff?from=1&to=9", "application/json", c.Observer.Token)).ShouldBeProblem(HttpStatusCode.NotFound);
        (await Api.AcceptAsync(url, "image/png", c.Observer.Token)).ShouldBeProblem(HttpStatusCode.NotAcceptable);
    }

    [Fact]
    public async Task a_proposals_diff_shows_what_it_would_change_in_the_current_version()
    {
        var (c, values) = await AmendedAsync();
        var proposal = (await Api.ProposeAsync(c.AgreementId, c.Member, 2, new { op = "amend", clauseId = values, text = "We act with courage, respect and joy." }))
            .ShouldBe(HttpStatusCode.Created)["id"];

        var diff = (await Api.AcceptAsync($"/proposals/{proposal}/diff", "text/markdown", c.Observer.Token)).ShouldBe(HttpStatusCode.OK).Body;

        diff.ShouldContain("# Changes from version 2 to version 3");
        diff.ShouldContain("We act with courage{++, respect++}");
        diff.ShouldContain("joy");
    }

    [Fact]
    public async Task a_clauses_history_lists_every_version_that_changed_it()
    {
        var (c, values) = await AmendedAsync();
        await Api.RatifyAsync(c, new { op = "move", clauseId = values, afterId = await Api.ClauseIdAsync(c.AgreementId, "3") });

        var history = (await Api.GetAsync($"/agreements/{c.AgreementId}/clauses/{values}/history", c.Observer.Token)).ShouldBe(HttpStatusCode.OK).Json.AsArray();

        history.Select(h => (h!["version"]!.GetValue<int>(), h["changes"]![0]!.GetValue<string>())).ShouldBe([(1, "added"), (2, "amended"), (3, "moved")]);
        (history[1]!["textBefore"]!.GetValue<string>(), history[1]!["textAfter"]!.GetValue<string>())
            .ShouldBe(("We act with care and respect.", "We act with courage and respect."));
        history[1]!["textSegments"]!.AsArray().Select(s => (s!["kind"]!.GetValue<string>(), s["text"]!.GetValue<string>()))
            .ShouldBe([("equal", "We act with "), ("deleted", "care"), ("inserted", "courage"), ("equal", " and respect.")], "the word-level diff, as the agreement's diff gives it");
        history[0]!["textSegments"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()).ShouldBe(["inserted"], "added whole");
        history[2]!["textSegments"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()).ShouldBe(["equal"], "only moved");
        (history[2]!["numberBefore"]!.GetValue<string>(), history[2]!["numberAfter"]!.GetValue<string>()).ShouldBe(("2", "3"));
        history[2]!["byChanges"]![0]!["op"]!.GetValue<string>().ShouldBe("move");
        (await Api.GetAsync($"/agreements/{c.AgreementId}/clauses/{Guid.NewGuid()}/history", c.Observer.Token)).ShouldBeProblem(HttpStatusCode.NotFound);

        var sharing = await Api.ClauseIdAsync(c.AgreementId, "1.1");
        await Api.RatifyAsync(c, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "1") });
        var removed = (await Api.GetAsync($"/agreements/{c.AgreementId}/clauses/{sharing}/history", c.Observer.Token)).Json.AsArray()[^1]!;
        (removed["version"]!.GetValue<int>(), removed["changes"]![0]!.GetValue<string>(), removed["numberAfter"]).ShouldBe((4, "removed", null));
        removed["byChanges"]![0]!["op"]!.GetValue<string>().ShouldBe("remove", "the removal of its section is the change that removed it");
        removed["textSegments"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()).ShouldBe(["deleted"], "removed whole");
    }

    [Fact]
    public async Task the_public_api_serves_public_agreements_without_a_token_as_json_html_and_markdown()
    {
        var (_, _) = await AmendedAsync();
        const string url = "/public/agreements/community-agreement";

        var json = (await Api.AcceptAsync(url, "application/json")).ShouldBe(HttpStatusCode.OK);
        json.Json["version"]!.GetValue<int>().ShouldBe(2);
        json.Headers.CacheControl!.ToString().ShouldContain("max-age=60");
        json.Headers.Vary.ShouldContain("Accept");
        var html = (await Api.AcceptAsync(url, "text/html")).ShouldBe(HttpStatusCode.OK);
        html.MediaType.ShouldBe("text/html");
        html.Body.ShouldStartWith("<article class=\"agreement\"");
        html.Body.ShouldContain("<span class=\"clause-number\">2</span> <strong class=\"clause-heading\">Values</strong>");
        (await Api.AcceptAsync(url, "text/markdown")).Body.ShouldContain("## 2 Values\n\nWe act with courage and respect.");
        var v1 = (await Api.AcceptAsync($"{url}/versions/1", "application/json")).ShouldBe(HttpStatusCode.OK);
        v1.Json["version"]!.GetValue<int>().ShouldBe(1);
        v1.Headers.CacheControl!.ToString().ShouldContain("immutable");
        (await Api.AcceptAsync($"{url}/diff?from=1&to=2", "text/markdown")).Body.ShouldContain("{++courage++}");
        (await Api.AcceptAsync($"{url}/versions/7", "application/json")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_same_bytes_carry_the_same_strong_etag_and_a_matching_if_none_match_gets_304()
    {
        var c = await Api.CommunityAsync();
        const string url = "/public/agreements/community-agreement";

        var first = (await Api.AcceptAsync(url, "text/html")).ShouldBe(HttpStatusCode.OK);
        var second = (await Api.AcceptAsync(url, "text/html")).ShouldBe(HttpStatusCode.OK);
        var etag = first.Headers.ETag!;
        etag.IsWeak.ShouldBeFalse();
        second.Headers.ETag!.Tag.ShouldBe(etag.Tag);
        (await Api.AcceptAsync(url, "application/json")).Headers.ETag!.Tag.ShouldNotBe(etag.Tag, "another representation, another tag");

        var cached = await Api.AcceptAsync(url, "text/html", ifNoneMatch: etag.Tag);
        cached.Status.ShouldBe(HttpStatusCode.NotModified);
        cached.Body.ShouldBeEmpty();

        await Api.RatifyAsync(c, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "3") });
        (await Api.AcceptAsync(url, "text/html", ifNoneMatch: etag.Tag)).Status.ShouldBe(HttpStatusCode.OK, "a ratification changes the text and its tag");
    }

    [Fact]
    public async Task if_none_match_compares_weakly_and_takes_a_list_or_a_star()
    {
        await Api.CommunityAsync();
        const string url = "/public/agreements/community-agreement";
        var etag = (await Api.AcceptAsync(url, "application/json")).ShouldBe(HttpStatusCode.OK).Headers.ETag!.Tag;

        var weak = (await Api.AcceptAsync(url, "application/json", ifNoneMatch: $"W/{etag}")).ShouldBe(HttpStatusCode.NotModified);
        weak.Headers.ETag!.Tag.ShouldBe(etag);
        (await Api.AcceptAsync(url, "application/json", ifNoneMatch: $"\"elsewhere\", W/{etag}")).ShouldBe(HttpStatusCode.NotModified);
        (await Api.AcceptAsync(url, "application/json", ifNoneMatch: "*")).ShouldBe(HttpStatusCode.NotModified);
        (await Api.AcceptAsync(url, "application/json", ifNoneMatch: "\"elsewhere\", W/\"another\"")).ShouldBe(HttpStatusCode.OK);
        (await Api.AcceptAsync(url, "application/json", ifNoneMatch: etag.Trim('"'))).Status.ShouldBe(HttpStatusCode.OK, "an unquoted tag is no tag");
    }

    [Theory]
    [InlineData("/public/agreements/community-agreement", "text/html")]
    [InlineData("/public/agreements/community-agreement/versions/1", "application/json")]
    [InlineData("/public/agreements/community-agreement/diff?from=1&to=2", "text/x-diff")]
    [InlineData("/embed.js", "*/*")]
    public async Task head_answers_what_get_answers_without_the_body(string url, string accept)
    {
        await AmendedAsync();
        const string partner = "https://partner.example.org";

        var get = (await Api.AcceptAsync(url, accept, origin: partner)).ShouldBe(HttpStatusCode.OK);
        var head = (await Api.AcceptAsync(url, accept, origin: partner, method: HttpMethod.Head)).ShouldBe(HttpStatusCode.OK);

        head.Body.ShouldBeEmpty();
        Headers(head).ShouldBe(Headers(get));
        head.ContentHeaders.ContentLength.ShouldBe(System.Text.Encoding.UTF8.GetByteCount(get.Body));
        head.Headers.GetValues("Access-Control-Allow-Origin").Single().ShouldBe("*");
        if (get.Headers.ETag is { } etag)
        {
            var cached = (await Api.AcceptAsync(url, accept, ifNoneMatch: etag.Tag, method: HttpMethod.Head)).ShouldBe(HttpStatusCode.NotModified);
            cached.Headers.ETag!.Tag.ShouldBe(etag.Tag);
        }
    }

    [Fact]
    public async Task head_on_a_missing_agreement_is_404_without_a_body()
    {
        var head = await Api.AcceptAsync("/public/agreements/no-such-thing", "application/json", method: HttpMethod.Head);

        head.Status.ShouldBe(HttpStatusCode.NotFound);
        head.Body.ShouldBeEmpty();
    }

    private static string[] Headers(Response response) =>
        [.. response.Headers.Concat(response.ContentHeaders).Select(h => $"{h.Key}: {string.Join(", ", h.Value)}").Order()];

    [Fact]
    public async Task public_reads_are_open_to_any_origin()
    {
        await Api.CommunityAsync();

        var response = await Api.AcceptAsync("/public/agreements/community-agreement", "application/json", origin: "https://partner.example.org");

        response.Headers.GetValues("Access-Control-Allow-Origin").Single().ShouldBe("*");
        response.Headers.GetValues("Access-Control-Expose-Headers").Single().ShouldContain("ETag");
        var script = await Api.AcceptAsync("/embed.js", "*/*", origin: "https://partner.example.org");
        script.MediaType.ShouldBe("text/javascript");
        script.Body.ShouldContain("data-agreement");
    }

    [Fact]
    public async Task a_clause_with_markup_or_script_is_rendered_as_text()
    {
        var c = await Api.CommunityAsync();
        await Api.RatifyAsync(c, new { op = "add", heading = "<b onclick=\"x()\">Bold</b>", text = "<script>document.title='owned'</script> & more" });

        var html = (await Api.AcceptAsync("/public/agreements/community-agreement", "text/html")).Body;

        html.ShouldNotContain("<script>");
        html.ShouldNotContain("<b onclick");
        html.ShouldContain("&lt;script&gt;document.title=&#39;owned&#39;&lt;/script&gt; &amp; more");
        html.ShouldContain("&lt;b onclick=&quot;x()&quot;&gt;Bold&lt;/b&gt;");
    }

    [Fact]
    public async Task members_only_agreements_do_not_exist_in_public()
    {
        var facilitator = await Api.PersonAsync();
        await Api.AgreementAsync(facilitator, "internal-rules", visibility: "members");

        (await Api.AcceptAsync("/public/agreements/internal-rules", "application/json")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await Api.AcceptAsync("/public/agreements/internal-rules/versions/1", "text/html")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await Api.AcceptAsync("/public/agreements/internal-rules/diff", "text/markdown")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await Api.AcceptAsync("/public/agreements/no-such-thing", "application/json")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_slug_asked_for_before_its_agreement_exists_is_served_as_soon_as_it_is_created()
    {
        var facilitator = await Api.PersonAsync();
        (await Api.AcceptAsync("/public/agreements/community-agreement", "application/json")).ShouldBeProblem(HttpStatusCode.NotFound);

        await Api.AgreementAsync(facilitator);

        (await Api.AcceptAsync("/public/agreements/community-agreement", "application/json")).ShouldBe(HttpStatusCode.OK);
    }
}
