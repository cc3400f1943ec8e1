using System.Net;
using AgreementService.Agreements;
using AgreementService.Comments;
using AgreementService.Infrastructure;
using AgreementService.Proposals;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Resilience;

/// <summary>No list or body is unbounded: every list that can grow comes a page at a time, and bodies have a largest size.</summary>
public sealed class PagingLimitTests(AppFixture app) : IntegrationContext(app)
{
    /// <summary>Every list that can grow, with who may read it.</summary>
    public static TheoryData<string, Caller> Lists => new()
    {
        { "/agreements", Caller.Member },
        { "/agreements/{agreement}/activity", Caller.Observer },
        { "/agreements/{agreement}/members", Caller.Observer },
        { "/agreements/{agreement}/versions", Caller.Observer },
        { "/agreements/{agreement}/proposals", Caller.Observer },
        { "/proposals/{proposal}/comments", Caller.Observer },
        { "/agreements/{agreement}/webhooks/{hook}/deliveries", Caller.Facilitator },
        { "/participants", Caller.Administrator },
        { "/organisations", Caller.Administrator },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task every_list_comes_a_bounded_page_at_a_time(string list, Caller caller)
    {
        var world = await World.BuildAsync(Api);

        foreach (var (query, words) in new[]
                 {
                     ("page=0", $"'page' is between 1 and {Paging.MaxPage}"), ("page=-1", "'page' is between"), ("page=1000001", "'page' is between"),
                     ("page=2147483647", "'page' is between"), ("pageSize=0", $"'pageSize' is between 1 and {Paging.MaxPageSize}"),
                     ("pageSize=201", "'pageSize' is between"), ("pageSize=100000", "'pageSize' is between"),
                     ("page=abc", "'page' is a whole number"), ("pageSize=1.5", "'pageSize' is a whole number"), ("page=99999999999", "'page' is a whole number"),
                 })
        {
            var refusal = (await world.CallAsync(Api, "GET", $"{list}?{query}", caller, null)).ShouldBeProblem(HttpStatusCode.BadRequest);
            var errors = refusal["errors"]!.AsObject();
            errors.Select(e => e.Key).ShouldBe([query.Split('=')[0]], query);
            errors.Single().Value![0]!.GetValue<string>().ShouldContain(words, Case.Sensitive, query);
            refusal.ToJsonString().ShouldNotContain("expected type", Case.Sensitive, "no .NET type is named");
        }

        var first = (await world.CallAsync(Api, "GET", list, caller, null)).ShouldBe(HttpStatusCode.OK).Json;
        (first["page"]!.GetValue<int>(), first["pageSize"]!.GetValue<int>()).ShouldBe((1, Paging.DefaultPageSize));
        var total = first["total"]!.GetValue<long>();
        first["items"]!.AsArray().Count.ShouldBe((int)total);
        first["hasMore"]!.GetValue<bool>().ShouldBeFalse();

        var last = (await world.CallAsync(Api, "GET", $"{list}?page={Paging.MaxPage}&pageSize={Paging.MaxPageSize}", caller, null)).ShouldBe(HttpStatusCode.OK).Json;
        last["items"]!.AsArray().ShouldBeEmpty();
        last["total"]!.GetValue<long>().ShouldBe(total, "a page past the end still says how many there are");
        last["hasMore"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task the_second_page_of_proposals_holds_the_rest_in_the_same_order()
    {
        var c = await Api.CommunityAsync();
        var clause = await Api.ClauseIdAsync(c.AgreementId, "1");
        var proposals = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            proposals.Add(await Api.ProposalAsync(c, new { op = "amend", clauseId = clause, text = $"Text {i}." }));
        }

        var first = (await Api.GetAsync($"/agreements/{c.AgreementId}/proposals?pageSize=3", c.Observer.Token)).ShouldBe(HttpStatusCode.OK).As<Paged<ProposalView>>();
        var second = (await Api.GetAsync($"/agreements/{c.AgreementId}/proposals?page=2&pageSize=3", c.Observer.Token)).ShouldBe(HttpStatusCode.OK).As<Paged<ProposalView>>();

        (first.Items.Count, first.Total, first.HasMore).ShouldBe((3, 5L, true));
        (second.Items.Count, second.Total, second.HasMore).ShouldBe((2, 5L, false));
        first.Items.Concat(second.Items).Select(p => p.Id.ToString()).ShouldBe(Enumerable.Reverse(proposals), "newest first, none skipped or repeated");
    }

    [Fact]
    public async Task members_come_facilitators_first_then_by_name_a_page_at_a_time()
    {
        var c = await Api.CommunityAsync();
        await Api.MemberAsync(c.AgreementId, c.Facilitator, "member", "Amara Mensah");

        var pages = new List<MemberView>();
        for (var page = 1; page <= 2; page++)
        {
            var read = (await Api.GetAsync($"/agreements/{c.AgreementId}/members?page={page}&pageSize=2", c.Observer.Token)).ShouldBe(HttpStatusCode.OK)
                .As<Paged<MemberView>>();
            (read.Total, read.HasMore).ShouldBe((4L, page == 1));
            pages.AddRange(read.Items);
        }

        pages.Select(m => m.Name).ShouldBe(["Fatima Diallo", "Amara Mensah", "Ben Okafor", "Olga Nowak"]);
    }

    [Fact]
    public async Task the_discussion_comes_a_page_of_comments_at_a_time_and_a_page_may_begin_inside_a_thread()
    {
        var c = await Api.CommunityAsync();
        var proposal = await Api.ProposalAsync(c, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "2") });
        async Task<string> Post(string body, string? replyTo = null) =>
            (await Api.PostAsync($"/proposals/{proposal}/comments", c.Member.Token, new { body, replyTo })).ShouldBe(HttpStatusCode.Created)["id"];
        var a = await Post("A");
        var a1 = await Post("A.1", a);
        await Post("A.1.1", a1);
        await Post("A.2", a);
        await Post("B");

        var first = (await Api.GetAsync($"/proposals/{proposal}/comments?pageSize=3", c.Observer.Token)).ShouldBe(HttpStatusCode.OK).As<Paged<CommentView>>();
        var second = (await Api.GetAsync($"/proposals/{proposal}/comments?page=2&pageSize=3", c.Observer.Token)).ShouldBe(HttpStatusCode.OK).As<Paged<CommentView>>();

        (first.Total, first.HasMore, second.HasMore).ShouldBe((5L, true, false));
        first.Items.ShouldHaveSingleItem().Body.ShouldBe("A");
        first.Items[0].Replies.Single().Replies.Single().Body.ShouldBe("A.1.1", "a page nests what it holds");
        second.Items.Select(t => (t.Body, t.ReplyTo?.ToString())).ShouldBe([("A.2", a), ("B", null)],
            "a page that begins inside a thread shows those replies at its top, saying what they answer");
    }

    [Fact]
    public async Task bodies_have_a_largest_length()
    {
        var world = await World.BuildAsync(Api);
        var huge = new string('x', 1_100_000);
        (await Api.SendAsync(HttpMethod.Post, $"/proposals/{world.Proposal}/comments", world.Community.Member.Token, rawBody: $"{{\"body\": \"{huge}\"}}"))
            .ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge);
    }
}
