using AgreementService.Votes;
using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Votes;

/// <summary>Who may vote when membership changes: a voter removed, or made an observer, after the call leaves the electorate.</summary>
public sealed class ElectorateTests(AppFixture app) : IntegrationContext(app)
{
    private async Task<(Community C, List<Person> Voters, string Vote)> VotingAsync()
    {
        var c = await Api.CommunityAsync();
        var voters = await Api.MembersAsync(c, 2);
        await Api.RulesAsync(c, "majority", quorum: 1.0, closeWhenAllVoted: true);
        var proposal = await Api.ProposalAsync(c, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "3") });
        return (c, voters, await Api.CallVoteAsync(c, proposal));
    }

    [Fact]
    public async Task a_voter_removed_after_the_call_leaves_the_electorate_so_a_full_quorum_is_met_and_the_vote_closes_when_the_rest_have_voted()
    {
        var (c, voters, vote) = await VotingAsync();
        await Api.BallotAsync(vote, c.Facilitator, "agree");
        await Api.BallotAsync(vote, c.Member, "agree");
        await Api.BallotAsync(vote, voters[0], "agree");

        (await Api.DeleteAsync($"/agreements/{c.AgreementId}/members/{voters[1].Id}", c.Facilitator.Token)).ShouldBe(HttpStatusCode.NoContent);

        var ended = await Api.EndedVoteAsync(vote);
        (ended.Status, ended.ClosedBecause).ShouldBe((VoteStatus.Closed, ClosedBecause.AllVoted));
        var tally = ended.Tally!;
        (tally.Eligible, tally.Cast, tally.Left, tally.Outcome).ShouldBe((3, 3, 1, Outcome.Passed));
        tally.Explanation.ShouldEndWith("1 voter left the electorate after the vote was called (removed, or made an observer) and is not counted.)");
        var left = ended.LeftVoters.ShouldHaveSingleItem();
        (left.ParticipantId, left.Why).ShouldBe((Guid.Parse(voters[1].Id), "removed from the agreement after the vote was called"));
        ended.Electorate.Select(v => v.ParticipantId).ShouldNotContain(left.ParticipantId, "the electorate is who may vote now");
        var activity = (await Api.GetAsync($"/agreements/{c.AgreementId}/activity", c.Member.Token)).Json["items"]!.AsArray().Select(i => i!["summary"]!.GetValue<string>());
        activity.ShouldContain("took Voter 1 out of the vote on “Clarify our purpose”: removed from the agreement after the vote was called");
    }

    [Fact]
    public async Task a_voter_made_an_observer_after_the_call_leaves_the_electorate_too_and_their_earlier_ballot_stops_counting()
    {
        var (c, voters, vote) = await VotingAsync();
        await Api.BallotAsync(vote, voters[1], "object", "Not yet.");

        (await Api.SendAsync(HttpMethod.Put, $"/agreements/{c.AgreementId}/members/{voters[1].Id}", c.Facilitator.Token, new { role = "observer" }))
            .ShouldBe(HttpStatusCode.OK);

        (await Api.BallotAsync(vote, voters[1], "agree")).ShouldRefuse(HttpStatusCode.Forbidden)
            .ShouldContain("You left this vote's electorate");
        // Made a member again, they vote from the next vote on, not in this one.
        (await Api.SendAsync(HttpMethod.Put, $"/agreements/{c.AgreementId}/members/{voters[1].Id}", c.Facilitator.Token, new { role = "member" }))
            .ShouldBe(HttpStatusCode.OK);
        (await Api.BallotAsync(vote, voters[1], "agree")).ShouldBeProblem(HttpStatusCode.Forbidden);
        var ballot = (await Api.VoteAsync(vote, c.Member.Token)).Ballots.ShouldHaveSingleItem();
        (ballot.Voter.Name, ballot.Counts).ShouldBe(("Voter 1", false));

        await Api.BallotAsync(vote, c.Facilitator, "agree");
        await Api.BallotAsync(vote, c.Member, "agree");
        (await Api.BallotAsync(vote, voters[0], "agree")).ShouldBe(HttpStatusCode.OK);
        var tally = (await Api.EndedVoteAsync(vote)).Tally!;
        (tally.Eligible, tally.Object, tally.Outcome).ShouldBe((3, 0, Outcome.Passed));
    }

    [Fact]
    public async Task a_vote_called_while_a_voter_is_removed_never_keeps_them_in_its_electorate()
    {
        var c = await Api.CommunityAsync();
        await Api.RulesAsync(c);
        for (var round = 0; round < 5; round++)
        {
            var leaving = (await Api.MembersAsync(c, 1))[0];
            var proposal = await Api.ProposalAsync(c, new { op = "amend", clauseId = await Api.ClauseIdAsync(c.AgreementId, "3"), text = $"We decide by consent ({round})." });

            var call = Api.PostAsync($"/proposals/{proposal}/votes", c.Facilitator.Token, new { closesAt = DateTimeOffset.UtcNow.AddHours(1) });
            var removal = Api.DeleteAsync($"/agreements/{c.AgreementId}/members/{leaving.Id}", c.Facilitator.Token);
            await Task.WhenAll(call, removal);

            (await removal).ShouldBe(System.Net.HttpStatusCode.NoContent);
            var vote = await Api.VoteAsync((await call).ShouldBe(System.Net.HttpStatusCode.Created)["id"]);
            vote.Electorate.Select(v => v.ParticipantId).ShouldNotContain(Guid.Parse(leaving.Id));
            await Api.PostAsync($"/votes/{vote.Id}/cancel", c.Facilitator.Token, new { reason = "Next round." });
        }
    }
}
