using AgreementService.Infrastructure;
using AgreementService.Comments;
using AgreementService.Activity;
using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Comments;

public sealed class CommentTests(AppFixture app) : IntegrationContext(app)
{
    private async Task<(Community, string Proposal, string Values)> DiscussionAsync()
    {
        var c = await Api.CommunityAsync();
        var values = await Api.ClauseIdAsync(c.AgreementId, "2");
        var proposal = await Api.ProposalAsync(c, new { op = "amend", clauseId = values, text = "We act with care, respect and solidarity." });
        return (c, proposal, values);
    }

    [Fact]
    public async Task comments_are_threaded_with_replies_under_what_they_answer()
    {
        var (c, proposal, _) = await DiscussionAsync();

        var first = (await Api.PostAsync($"/proposals/{proposal}/comments", c.Observer.Token, new { body = "Why solidarity?" })).ShouldBe(HttpStatusCode.Created);
        var reply = (await Api.PostAsync($"/proposals/{proposal}/comments", c.Member.Token, new { body = "Because we stand together.", replyTo = first["id"] }))
            .ShouldBe(HttpStatusCode.Created);
        await Api.PostAsync($"/proposals/{proposal}/comments", c.Facilitator.Token, new { body = "A second thread." });

        var threads = (await Api.GetAsync($"/proposals/{proposal}/comments", c.Observer.Token)).ShouldBe(HttpStatusCode.OK).As<Paged<CommentView>>().Items;
        threads.Select(t => t.Body).ShouldBe(["Why solidarity?", "A second thread."]);
        var answer = threads[0].Replies.ShouldHaveSingleItem();
        (answer.Id.ToString(), answer.Author.Id.ToString(), answer.Author.Name).ShouldBe((reply["id"], c.Member.Id, "Ben Okafor"));
    }

    [Fact]
    public async Task a_comment_can_be_anchored_to_a_clause_and_a_quote_that_occurs_in_it()
    {
        var (c, proposal, values) = await DiscussionAsync();

        (await Api.PostAsync($"/proposals/{proposal}/comments", c.Member.Token, new { body = "Good word.", clauseId = values, quote = "solidarity" }))
            .ShouldBe(HttpStatusCode.Created)["quote"].ShouldBe("solidarity");
        (await Api.PostAsync($"/proposals/{proposal}/comments", c.Member.Token, new { body = "Was.", clauseId = values, quote = "care and respect" }))
            .ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task an_anchor_that_is_not_in_the_text_is_refused_and_nothing_is_written()
    {
        var (c, proposal, values) = await DiscussionAsync();
        var written = await WrittenAsync();

        (await Api.PostAsync($"/proposals/{proposal}/comments", c.Member.Token, new { body = "x", clauseId = values, quote = "not in the clause" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        (await Api.PostAsync($"/proposals/{proposal}/comments", c.Member.Token, new { body = "x", clauseId = Guid.NewGuid() }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        (await Api.PostAsync($"/proposals/{proposal}/comments", c.Member.Token, new { body = "x", replyTo = Guid.NewGuid() }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        (await Api.PostAsync($"/proposals/{proposal}/comments", c.Member.Token, new { body = "x", quote = "dangling" }))
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        (await Api.PostAsync($"/proposals/{proposal}/comments", c.Member.Token, new { body = "" })).ShouldBeProblem(HttpStatusCode.BadRequest);

        (await WrittenAsync()).ShouldBe(written);
    }

    [Fact]
    public async Task editing_keeps_the_earlier_bodies_and_only_the_author_may_edit()
    {
        var (c, proposal, _) = await DiscussionAsync();
        var id = (await Api.PostAsync($"/proposals/{proposal}/comments", c.Member.Token, new { body = "Frist!" })).ShouldBe(HttpStatusCode.Created)["id"];

        (await Api.SendAsync(HttpMethod.Put, $"/comments/{id}", c.Facilitator.Token, new { body = "Not yours." })).ShouldBeProblem(HttpStatusCode.Forbidden);
        var edited = (await Api.SendAsync(HttpMethod.Put, $"/comments/{id}", c.Member.Token, new { body = "First!" })).ShouldBe(HttpStatusCode.OK).As<CommentView>();

        edited.Body.ShouldBe("First!");
        var listed = (await Api.GetAsync($"/proposals/{proposal}/comments", c.Observer.Token)).As<Paged<CommentView>>().Items[0];
        listed.EditedAt.ShouldNotBeNull();
        listed.History.ShouldBeEmpty("earlier bodies are kept out of the discussion's list");
        (await Api.GetAsync($"/comments/{id}", c.Observer.Token)).ShouldBe(HttpStatusCode.OK).As<CommentView>().History.Select(h => h.Body).ShouldBe(["Frist!"]);
    }

    [Fact]
    public async Task a_comment_edited_many_times_stays_small_and_its_page_shows_the_latest_earlier_bodies()
    {
        var (c, proposal, _) = await DiscussionAsync();
        var padding = new string('x', 1_000);
        var id = (await Api.PostAsync($"/proposals/{proposal}/comments", c.Member.Token, new { body = $"Body 0 {padding}" })).ShouldBe(HttpStatusCode.Created)["id"];
        const int edits = Comment.MaxHistory + 10;
        for (var i = 1; i <= edits; i++)
        {
            (await Api.SendAsync(HttpMethod.Put, $"/comments/{id}", c.Member.Token, new { body = $"Body {i} {padding}" })).ShouldBe(HttpStatusCode.OK);
        }

        await using (var session = App.Store.QuerySession())
        {
            var stored = (await session.Json.FindByIdAsync<Comment>(Guid.Parse(id)))!;
            stored.ShouldNotContain("Body 0", Case.Sensitive, "the stored comment holds no earlier body");
            stored.Length.ShouldBeLessThan(3 * padding.Length, "the stored comment is as small after 60 edits as after one");
            (await session.LoadAsync<Comment>(Guid.Parse(id)))!.Edits.ShouldBe(edits);
        }

        var read = (await Api.GetAsync($"/comments/{id}", c.Observer.Token)).ShouldBe(HttpStatusCode.OK).As<CommentView>();
        (read.Body, read.Edits).ShouldBe(($"Body {edits} {padding}", edits));
        read.History.Select(h => h.Body.Split(' ')[1]).ShouldBe(Enumerable.Range(edits - Comment.MaxHistory, Comment.MaxHistory).Select(i => $"{i}"),
            "the latest earlier bodies, oldest first");
        read.History.Select(h => h.WrittenAt).ShouldBeInOrder();
        var listed = (await Api.GetAsync($"/proposals/{proposal}/comments", c.Observer.Token)).As<Paged<CommentView>>().Items.Single(v => v.Id.ToString() == id);
        (listed.Edits, listed.History.Count).ShouldBe((edits, 0));
    }

    [Fact]
    public async Task a_comment_stored_with_its_history_before_it_moved_out_counts_its_edits_and_is_stored_without_it()
    {
        var (c, proposal, _) = await DiscussionAsync();
        var id = Guid.Parse((await Api.PostAsync($"/proposals/{proposal}/comments", c.Member.Token, new { body = "Now." })).ShouldBe(HttpStatusCode.Created)["id"]);
        await using var session = App.Store.QuerySession();
        var serializer = App.Store.Options.Serializer();
        var stored = System.Text.Json.Nodes.JsonNode.Parse((await session.Json.FindByIdAsync<Comment>(id))!)!.AsObject();
        stored["History"] = new System.Text.Json.Nodes.JsonArray(
            new System.Text.Json.Nodes.JsonObject { ["Body"] = "Then.", ["At"] = "2026-01-01T10:00:00+00:00" },
            new System.Text.Json.Nodes.JsonObject { ["Body"] = "Before.", ["At"] = "2026-01-01T11:00:00+00:00" });
        stored.Remove("Edits");

        using var legacy = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stored.ToJsonString()));
        var comment = serializer.FromJson<Comment>(legacy);

        comment.Edits.ShouldBe(2);
        serializer.ToJson(comment).ShouldNotContain("History");
        serializer.ToJson(comment).ShouldContain("\"Body\":\"Now.\"", Case.Sensitive, "stored names are as they were");
    }

    [Fact]
    public async Task a_facilitator_hides_a_comment_and_the_audit_trail_keeps_it()
    {
        var (c, proposal, _) = await DiscussionAsync();
        var id = (await Api.PostAsync($"/proposals/{proposal}/comments", c.Member.Token, new { body = "Something unkind." }))["id"];

        (await Api.PostAsync($"/comments/{id}/hide", c.Member.Token, new { reason = "mine" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await Api.PostAsync($"/comments/{id}/hide", c.Facilitator.Token, new { reason = "Breaches our conduct clause." })).ShouldBe(HttpStatusCode.OK);

        var listed = (await Api.GetAsync($"/proposals/{proposal}/comments", c.Observer.Token)).As<Paged<CommentView>>().Items[0];
        (listed.Body, listed.Hidden?.Reason).ShouldBe((null, "Breaches our conduct clause."));
        (listed.Hidden!.HiddenBy.Id.ToString(), listed.Hidden.HiddenBy.Name).ShouldBe((c.Facilitator.Id, "Fatima Diallo"), "who hid it is named as an author is");
        (await Api.SendAsync(HttpMethod.Put, $"/comments/{id}", c.Member.Token, new { body = "Edited away." })).ShouldBeProblem(HttpStatusCode.Conflict);
        (await Api.PostAsync($"/comments/{id}/hide", c.Facilitator.Token, new { reason = "again" })).ShouldBeProblem(HttpStatusCode.Conflict);
        var activity = (await Api.GetAsync($"/agreements/{c.AgreementId}/activity", c.Observer.Token)).As<Paged<ActivityView>>().Items;
        activity.Select(a => a.Type).ShouldContain("commentPosted");
        activity[0].Summary.ShouldContain("hid a comment");
        (await App.Store.LightweightSession().Events.FetchStreamAsync(Guid.Parse(id))).Count.ShouldBe(2, "posting and hiding are both kept");
    }

    [Fact]
    public async Task outsiders_cannot_read_or_join_the_discussion()
    {
        var (_, proposal, _) = await DiscussionAsync();
        var outsider = await Api.PersonAsync("Outsider");

        (await Api.GetAsync($"/proposals/{proposal}/comments", outsider.Token)).ShouldBeProblem(HttpStatusCode.NotFound);
        (await Api.PostAsync($"/proposals/{proposal}/comments", outsider.Token, new { body = "Let me in." })).ShouldBeProblem(HttpStatusCode.NotFound);
        (await Api.GetAsync($"/proposals/{Guid.NewGuid()}/comments", Scenarios.Admin)).ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
