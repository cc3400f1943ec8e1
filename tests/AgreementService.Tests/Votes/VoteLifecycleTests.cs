using AgreementService.Infrastructure;
using AgreementService.Agreements;
using AgreementService.Proposals;
using AgreementService.Votes;
using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Votes;

public sealed class VoteLifecycleTests(AppFixture app) : IntegrationContext(app)
{
    [Fact]
    public async Task propose_discuss_call_vote_change_ballots_close_at_the_deadline_and_ratify_version_two()
    {
        var c = await Api.CommunityAsync();
        (await Api.RulesAsync(c, "consent", quorum: 0.5)).ShouldBe(HttpStatusCode.OK);
        var values = await Api.ClauseIdAsync(c.AgreementId, "2");
        var proposal = await Api.ProposalAsync(c, new { op = "amend", clauseId = values, text = "We act with care, respect and solidarity." });
        (await Api.PostAsync($"/proposals/{proposal}/comments", c.Observer.Token, new { body = "Agreed in spirit." })).ShouldBe(HttpStatusCode.Created);

        var called = (await Api.PostAsync($"/proposals/{proposal}/votes", c.Facilitator.Token, new { closesAt = DateTimeOffset.UtcNow.AddSeconds(3) }))
            .ShouldBe(HttpStatusCode.Created).As<VoteCalledView>();
        var vote = called.Id.ToString();
        called.Electorate.Select(v => v.ParticipantId.ToString()).Order()
            .ShouldBe(new[] { c.Facilitator.Id, c.Member.Id }.Order(), "members and facilitators vote; observers do not");
        (await Api.ReadProposalAsync(proposal)).Status.ShouldBe(ProposalStatus.Voting);

        (await Api.BallotAsync(vote, c.Member, "agree")).ShouldBe(HttpStatusCode.OK);
        (await Api.BallotAsync(vote, c.Facilitator, "object", "Too vague.")).ShouldBe(HttpStatusCode.OK);
        (await Api.BallotAsync(vote, c.Facilitator, "agree")).ShouldBe(HttpStatusCode.OK)["choice"].ShouldBe("agree");

        var ended = await Api.EndedVoteAsync(vote);

        (ended.Status, ended.ClosedBecause).ShouldBe((VoteStatus.Closed, ClosedBecause.Deadline));
        var tally = ended.Tally!;
        (tally.Outcome, tally.Cast, tally.Agree, tally.Object).ShouldBe((Outcome.Passed, 2, 2, 0), "the facilitator's second ballot replaced the first");
        tally.Explanation.ShouldStartWith("Passed: consent");

        var ratified = await Api.ReadProposalAsync(proposal, c.Member.Token);
        (ratified.Status, ratified.RatifiedAs).ShouldBe((ProposalStatus.Ratified, 2));
        var text = await Api.TextAsync(c.AgreementId, c.Observer.Token);
        text.Version.ShouldBe(2);
        text.Clauses[1].Text.ShouldBe("We act with care, respect and solidarity.");
        (await Api.GetAsync($"/agreements/{c.AgreementId}/versions/1", c.Observer.Token)).As<AgreementView>().Clauses[1].Text
            .ShouldBe("We act with care and respect.", "version 1 is immutable");
        var versions = (await Api.GetAsync($"/agreements/{c.AgreementId}/versions", c.Observer.Token)).As<Paged<VersionSummary>>().Items;
        versions.Select(v => (v.Version, v.Title)).ShouldBe([(1, "Founding text"), (2, "Clarify our purpose")]);
        versions[1].ProposalId.ToString().ShouldBe(proposal);

        var activity = (await Api.GetAsync($"/agreements/{c.AgreementId}/activity", c.Observer.Token)).Json["items"]!.AsArray()
            .Select(a => $"{a!["actor"]!["name"]} {a["summary"]}").ToList();
        activity[0].ShouldBe("The service ratified “Clarify our purpose” as version 2");
        activity[1].ShouldStartWith("The service closed the vote on “Clarify our purpose” (its deadline came). Passed");
        activity.ShouldContain("Fatima Diallo voted object on “Clarify our purpose”: Too vague.");
        activity.Count(a => a.Contains(" voted agree on ", StringComparison.Ordinal) || a.Contains(" voted object on ", StringComparison.Ordinal)).ShouldBe(3, "every ballot, changed or not, is in the audit trail");
    }

    [Fact]
    public async Task a_vote_that_misses_its_quorum_fails_and_the_proposal_is_rejected()
    {
        var c = await Api.CommunityAsync();
        await Api.MembersAsync(c, 2);
        await Api.RulesAsync(c, "consent", quorum: 0.75);
        var proposal = await Api.ProposalAsync(c, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "2") });
        var vote = await Api.CallVoteAsync(c, proposal);
        await Api.BallotAsync(vote, c.Member, "agree");
        await Api.BallotAsync(vote, c.Facilitator, "agree");

        var tally = await Api.CloseAsync(c, vote);

        (tally.Outcome, tally.Eligible, tally.Cast, tally.QuorumNeeded, tally.QuorumMet).ShouldBe((Outcome.Failed, 4, 2, 3, false));
        tally.Explanation.ShouldStartWith("Failed: only 2 of 4 eligible voters voted; the quorum of 75% needs 3");
        (await Api.ReadProposalAsync(proposal)).Status.ShouldBe(ProposalStatus.Rejected);
        (await Api.TextAsync(c.AgreementId)).Version.ShouldBe(1);
    }

    [Fact]
    public async Task a_block_under_consent_fails_the_vote_and_needs_a_reason()
    {
        var c = await Api.CommunityAsync();
        await Api.RulesAsync(c, "consent", quorum: 0.5);
        var proposal = await Api.ProposalAsync(c, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "2") });
        var vote = await Api.CallVoteAsync(c, proposal);

        (await Api.BallotAsync(vote, c.Member, "block")).ShouldBeProblem(HttpStatusCode.BadRequest)["errors"]!["reason"].ShouldNotBeNull();
        (await Api.BallotAsync(vote, c.Member, "block", "Our values are not negotiable.")).ShouldBe(HttpStatusCode.OK);
        await Api.BallotAsync(vote, c.Facilitator, "agree");

        var tally = await Api.CloseAsync(c, vote);
        tally.Explanation.ShouldStartWith("Failed: 1 block; a single block stops a proposal");
        tally.Block.ShouldBe(1);
    }

    [Fact]
    public async Task an_objection_under_consensus_fails_the_vote()
    {
        var c = await Api.CommunityAsync();
        await Api.RulesAsync(c, "consensus", quorum: 0.5);
        var proposal = await Api.ProposalAsync(c, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "2") });
        var vote = await Api.CallVoteAsync(c, proposal);
        await Api.BallotAsync(vote, c.Member, "object", "Not yet.");
        await Api.BallotAsync(vote, c.Facilitator, "agree");

        var tally = await Api.CloseAsync(c, vote);

        tally.Outcome.ShouldBe(Outcome.Failed);
        tally.Explanation.ShouldStartWith("Failed: consensus needs no objection and no block");
    }

    [Theory]
    [InlineData(0.6, "passed")]
    [InlineData(0.61, "failed")]
    public async Task a_supermajority_passes_at_its_threshold_and_fails_just_below(double threshold, string outcome)
    {
        var c = await Api.CommunityAsync();
        var voters = await Api.MembersAsync(c, 3);
        await Api.RulesAsync(c, "supermajority", quorum: 0.5, threshold: threshold);
        var proposal = await Api.ProposalAsync(c, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "2") });
        var vote = await Api.CallVoteAsync(c, proposal);
        foreach (var (voter, choice) in new[] { (c.Facilitator, "agree"), (voters[0], "agree"), (voters[1], "agree"), (c.Member, "object"), (voters[2], "object") })
        {
            (await Api.BallotAsync(vote, voter, choice)).ShouldBe(HttpStatusCode.OK);
        }

        var tally = await Api.CloseAsync(c, vote);

        (tally.Share, tally.Threshold).ShouldBe((0.6m, (decimal)threshold));
        tally.Outcome.ToString().ToLowerInvariant().ShouldBe(outcome);
    }

    [Fact]
    public async Task voting_by_organisation_counts_the_last_ballot_of_each_organisation_once()
    {
        var c = await Api.CommunityAsync();
        var roma = await Api.OrganisationAsync("Roma Rights Centre");
        var digital = await Api.OrganisationAsync("Digital Freedom Fund");
        var romaVoters = await Api.MembersAsync(c, 2, roma);
        var digitalVoter = (await Api.MembersAsync(c, 1, digital))[0];
        await Api.SendAsync(HttpMethod.Put, $"/agreements/{c.AgreementId}/members/{c.Member.Id}", c.Facilitator.Token, new { role = "observer" });
        await Api.RulesAsync(c, "majority", quorum: 0.5, unit: "organisation");
        var proposal = (await Api.ProposeAsync(c.AgreementId, romaVoters[0], 1, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "2") }))
            .ShouldBe(HttpStatusCode.Created)["id"];
        var vote = await Api.CallVoteAsync(c, proposal);

        await Api.BallotAsync(vote, romaVoters[0], "agree");
        await Api.BallotAsync(vote, digitalVoter, "agree");
        await Api.BallotAsync(vote, romaVoters[1], "object", "We need more time.");
        var tally = await Api.CloseAsync(c, vote);

        tally.Unit.ShouldBe(VotingUnit.Organisation);
        (tally.Eligible, tally.Cast, tally.Agree, tally.Object)
            .ShouldBe((3, 2, 1, 1), "the facilitator (no organisation) is a unit of their own and did not vote; the Roma Rights Centre's last ballot objects");
        tally.Explanation.ShouldStartWith("Failed: a majority needs more agree than object");
    }

    [Fact]
    public async Task a_vote_closes_early_when_everyone_has_voted_if_the_rules_say_so()
    {
        var c = await Api.CommunityAsync();
        await Api.RulesAsync(c, "consent", closeWhenAllVoted: true);
        var proposal = await Api.ProposalAsync(c, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "2") });
        var vote = await Api.CallVoteAsync(c, proposal, DateTimeOffset.UtcNow.AddDays(7));

        await Api.BallotAsync(vote, c.Member, "agree");
        (await Api.VoteAsync(vote, c.Member.Token)).Status.ShouldBe(VoteStatus.Open);
        await Api.BallotAsync(vote, c.Facilitator, "abstain");

        var ended = await Api.EndedVoteAsync(vote);
        (ended.Status, ended.ClosedBecause).ShouldBe((VoteStatus.Closed, ClosedBecause.AllVoted));
        (await Api.TextAsync(c.AgreementId, c.Member.Token)).Version.ShouldBe(2);
    }

    [Fact]
    public async Task a_vote_closes_once_even_when_a_facilitator_closes_it_before_its_deadline_fires()
    {
        var c = await Api.CommunityAsync();
        await Api.RulesAsync(c);
        var proposal = await Api.ProposalAsync(c, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "2") });
        var vote = await Api.CallVoteAsync(c, proposal, DateTimeOffset.UtcNow.AddSeconds(2));
        await Api.BallotAsync(vote, c.Member, "agree");
        (await Api.PostAsync($"/votes/{vote}/close", c.Facilitator.Token)).ShouldBe(HttpStatusCode.OK);

        (await ServiceDatabase.UntilQuietAsync(App.ConnectionString, TimeSpan.FromSeconds(30))).ShouldBeTrue("the deadline's close was handled");

        await using var session = App.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(Guid.Parse(vote));
        events.Count(e => e.Data is AgreementService.Votes.VoteClosed).ShouldBe(1);
        (await Api.PostAsync($"/votes/{vote}/close", c.Facilitator.Token)).ShouldBeProblem(HttpStatusCode.Conflict);
        (await Api.GetAsync($"/agreements/{c.AgreementId}/versions", c.Member.Token)).Json["items"]!.AsArray().Count.ShouldBe(2);
    }
}
