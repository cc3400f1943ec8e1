using AgreementService.Votes;
using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Votes;

public sealed class VoteRulesTests(AppFixture app) : IntegrationContext(app)
{
    private async Task<(Community, string Proposal)> ReadyAsync(double minDiscussionHours = 0)
    {
        var c = await Api.CommunityAsync();
        await Api.RulesAsync(c, minDiscussionHours: minDiscussionHours);
        return (c, await Api.ProposalAsync(c, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "2") }));
    }

    [Fact]
    public async Task a_vote_cannot_be_called_before_the_minimum_discussion_period()
    {
        var (c, proposal) = await ReadyAsync(minDiscussionHours: 72);
        var written = await WrittenAsync();

        (await Api.PostAsync($"/proposals/{proposal}/votes", c.Facilitator.Token, new { })).ShouldRefuse(HttpStatusCode.Conflict).ShouldContain("3 days of discussion");

        (await WrittenAsync()).ShouldBe(written);
    }

    [Fact]
    public async Task a_short_discussion_period_is_said_in_the_units_it_is_set_in()
    {
        var (c, proposal) = await ReadyAsync(minDiscussionHours: 0.01);

        (await Api.PostAsync($"/proposals/{proposal}/votes", c.Facilitator.Token, new { })).ShouldRefuse(HttpStatusCode.Conflict).ShouldContain("The rules ask for 36 seconds of discussion");
    }

    [Fact]
    public async Task only_facilitators_call_votes_and_only_on_open_proposals()
    {
        var (c, proposal) = await ReadyAsync();

        (await Api.PostAsync($"/proposals/{proposal}/votes", c.Member.Token, new { })).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await Api.PostAsync($"/proposals/{proposal}/votes", c.Facilitator.Token, new { closesAt = DateTimeOffset.UtcNow.AddMinutes(-1) }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        var vote = await Api.CallVoteAsync(c, proposal);
        (await Api.PostAsync($"/proposals/{proposal}/votes", c.Facilitator.Token, new { })).ShouldRefuse(HttpStatusCode.Conflict).ShouldContain("already open");
        (await Api.GetAsync($"/votes/{vote}", c.Observer.Token)).ShouldBe(HttpStatusCode.OK)["status"].ShouldBe("open");
    }

    [Fact]
    public async Task the_text_under_vote_cannot_be_revised_or_withdrawn()
    {
        var (c, proposal) = await ReadyAsync();
        await Api.CallVoteAsync(c, proposal);
        var written = await WrittenAsync();

        (await Api.PostAsync($"/proposals/{proposal}/revisions", c.Member.Token,
            new { baseVersion = 1, changes = new[] { new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "3") } } }))
            .ShouldRefuse(HttpStatusCode.Conflict).ShouldContain("A vote is open");
        (await Api.PostAsync($"/proposals/{proposal}/withdraw", c.Member.Token)).ShouldBeProblem(HttpStatusCode.Conflict);

        (await WrittenAsync()).ShouldBe(written);
    }

    [Fact]
    public async Task ballots_from_those_who_were_not_eligible_are_refused()
    {
        var (c, proposal) = await ReadyAsync();
        var vote = await Api.CallVoteAsync(c, proposal);
        var latecomer = (await Api.MembersAsync(c, 1))[0];
        var outsider = await Api.PersonAsync("Outsider");

        (await Api.BallotAsync(vote, c.Observer, "agree")).ShouldRefuse(HttpStatusCode.Forbidden).ShouldContain("eligible");
        (await Api.BallotAsync(vote, latecomer, "agree")).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await Api.BallotAsync(vote, outsider, "agree")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await Api.BallotAsync(vote, new Person("admin", Scenarios.Admin), "agree")).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await Api.BallotAsync(Guid.NewGuid().ToString(), c.Member, "agree")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await Api.BallotAsync(vote, c.Member, "maybe")).ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ballots_after_the_close_are_refused()
    {
        var (c, proposal) = await ReadyAsync();
        var vote = await Api.CallVoteAsync(c, proposal);
        await Api.BallotAsync(vote, c.Member, "agree");
        (await Api.PostAsync($"/votes/{vote}/close", c.Facilitator.Token)).ShouldBe(HttpStatusCode.OK);

        (await Api.BallotAsync(vote, c.Member, "object", "Changed my mind.")).ShouldRefuse(HttpStatusCode.Conflict).ShouldContain("The vote closed");
    }

    [Fact]
    public async Task a_cancelled_vote_takes_no_ballots_and_the_proposal_is_open_again()
    {
        var (c, proposal) = await ReadyAsync();
        var vote = await Api.CallVoteAsync(c, proposal);
        await Api.BallotAsync(vote, c.Member, "agree");

        (await Api.PostAsync($"/votes/{vote}/cancel", c.Member.Token, new { reason = "no" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await Api.PostAsync($"/votes/{vote}/cancel", c.Facilitator.Token, new { reason = "" })).ShouldBeProblem(HttpStatusCode.BadRequest);
        var answer = (await Api.PostAsync($"/votes/{vote}/cancel", c.Facilitator.Token, new { reason = "The text needs another look." })).ShouldBe(HttpStatusCode.OK);
        answer.As<VoteView>().Ballots[0].Voter.Name.ShouldBe("Ben Okafor", "the cancel answer names voters as the vote does");

        var cancelled = await Api.VoteAsync(vote, c.Member.Token);
        (cancelled.Status, cancelled.Tally).ShouldBe((VoteStatus.Cancelled, null));
        (await Api.BallotAsync(vote, c.Facilitator, "agree")).ShouldRefuse(HttpStatusCode.Conflict).ShouldContain("cancelled");
        (await Api.PostAsync($"/votes/{vote}/close", c.Facilitator.Token)).ShouldBeProblem(HttpStatusCode.Conflict);
        (await Api.ReadProposalAsync(proposal, c.Member.Token)).Status.ShouldBe(AgreementService.Proposals.ProposalStatus.Open);
        (await Api.PostAsync($"/proposals/{proposal}/revisions", c.Member.Token,
            new { baseVersion = 1, changes = new[] { new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "3") } } })).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task the_vote_shows_its_rules_voters_and_ballots_with_names()
    {
        var (c, proposal) = await ReadyAsync();
        var vote = await Api.CallVoteAsync(c, proposal);
        await Api.BallotAsync(vote, c.Member, "object", "Too soon.");
        await Api.RulesAsync(c, "majority");

        var view = await Api.VoteAsync(vote, c.Observer.Token);

        view.Rules.Method.ShouldBe(AgreementService.Agreements.DecisionMethod.Consent, "rules are snapshotted when the vote is called");
        view.Electorate.Count.ShouldBe(2);
        var ballot = view.Ballots.ShouldHaveSingleItem();
        (ballot.Voter.Name, ballot.Choice, ballot.Reason).ShouldBe(("Ben Okafor", Choice.Object, "Too soon."));
    }
}
