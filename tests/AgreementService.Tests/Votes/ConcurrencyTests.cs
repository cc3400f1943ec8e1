using AgreementService.Votes;
using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Votes;

public sealed class ConcurrencyTests(AppFixture app) : IntegrationContext(app)
{
    [Fact]
    public async Task two_hundred_ballots_cast_at_once_all_succeed_and_are_counted_once()
    {
        var c = await Api.CommunityAsync();
        var voters = await Api.MembersAsync(c, 200);
        await Api.RulesAsync(c, "majority", quorum: 0.5);
        var proposal = await Api.ProposalAsync(c, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "2") });
        var vote = await Api.CallVoteAsync(c, proposal);

        var responses = await Task.WhenAll(voters.Select((v, i) => Api.BallotAsync(vote, v, i % 4 == 0 ? "object" : "agree")));

        responses.Where(r => r.Status != HttpStatusCode.OK).Select(r => r.Body).ShouldBeEmpty();
        var tally = (await Api.PostAsync($"/votes/{vote}/close", c.Facilitator.Token)).ShouldBe(HttpStatusCode.OK).Json;
        (tally["eligible"]!.GetValue<int>(), tally["cast"]!.GetValue<int>(), tally["agree"]!.GetValue<int>(), tally["object"]!.GetValue<int>())
            .ShouldBe((202, 200, 150, 50));
        await using var session = App.Store.QuerySession();
        (await session.Events.FetchStreamAsync(Guid.Parse(vote))).Count(e => e.Data is AgreementService.Votes.BallotCast).ShouldBe(200);
    }

    [Fact]
    public async Task of_two_conflicting_proposals_whose_votes_close_at_once_exactly_one_is_ratified()
    {
        var c = await Api.CommunityAsync();
        await Api.RulesAsync(c);
        var values = await Api.ClauseIdAsync(c.AgreementId, "2");
        var first = await Api.ProposalAsync(c, new { op = "amend", clauseId = values, text = "Courage." });
        var second = await Api.ProposalAsync(c, new { op = "amend", clauseId = values, text = "Kindness." });
        var closesAt = DateTimeOffset.UtcNow.AddSeconds(3);
        var votes = new[] { await Api.CallVoteAsync(c, first, closesAt), await Api.CallVoteAsync(c, second, closesAt) };
        foreach (var vote in votes)
        {
            await Api.BallotAsync(vote, c.Member, "agree");
            await Api.BallotAsync(vote, c.Facilitator, "agree");
        }

        var ended = new[] { await Api.EndedVoteAsync(votes[0]), await Api.EndedVoteAsync(votes[1]) };

        var statuses = new[] { first, second }.Select(async p => (await Api.GetAsync($"/proposals/{p}", c.Member.Token)).Json["status"]!.GetValue<string>());
        (await Task.WhenAll(statuses)).Order().ShouldBe(["conflicted", "ratified"]);
        ended.Select(v => v.Status).Order().ShouldBe([VoteStatus.Closed, VoteStatus.Cancelled]);
        var versions = (await Api.GetAsync($"/agreements/{c.AgreementId}/versions", c.Member.Token)).Json["items"]!.AsArray();
        versions.Count.ShouldBe(2, "one ratification, one new version");
    }
}
