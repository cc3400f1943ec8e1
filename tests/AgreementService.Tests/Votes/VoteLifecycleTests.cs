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
            .ShouldBe(HttpStatusCode.Created).Json;
        var vote = called["id"]!.GetValue<string>();
        called["eligible"]!.AsArray().Select(v => v!["participantId"]!.GetValue<string>()).Order()
            .ShouldBe(new[] { c.Facilitator.Id, c.Member.Id }.Order(), "members and facilitators vote; observers do not");
        (await Api.GetAsync($"/proposals/{proposal}", c.Member.Token)).Json["status"]!.GetValue<string>().ShouldBe("voting");

        (await Api.BallotAsync(vote, c.Member, "agree")).ShouldBe(HttpStatusCode.OK);
        (await Api.BallotAsync(vote, c.Facilitator, "object", "Too vague.")).ShouldBe(HttpStatusCode.OK);
        (await Api.BallotAsync(vote, c.Facilitator, "agree")).ShouldBe(HttpStatusCode.OK)["choice"].ShouldBe("agree");

        var ended = await Api.EndedVoteAsync(vote);

        ended["status"]!.GetValue<string>().ShouldBe("closed");
        ended["closedBecause"]!.GetValue<string>().ShouldBe("deadline");
        var tally = ended["tally"]!;
        (tally["outcome"]!.GetValue<string>(), tally["cast"]!.GetValue<int>(), tally["agree"]!.GetValue<int>(), tally["object"]!.GetValue<int>())
            .ShouldBe(("passed", 2, 2, 0), "the facilitator's second ballot replaced the first");
        tally["explanation"]!.GetValue<string>().ShouldStartWith("Passed: consent");

        var ratified = (await Api.GetAsync($"/proposals/{proposal}", c.Member.Token)).Json;
        ratified["status"]!.GetValue<string>().ShouldBe("ratified");
        ratified["ratifiedAs"]!.GetValue<int>().ShouldBe(2);
        var text = (await Api.GetAsync($"/agreements/{c.AgreementId}", c.Observer.Token)).Json;
        text["version"]!.GetValue<int>().ShouldBe(2);
        text["clauses"]![1]!["text"]!.GetValue<string>().ShouldBe("We act with care, respect and solidarity.");
        (await Api.GetAsync($"/agreements/{c.AgreementId}/versions/1", c.Observer.Token)).Json["clauses"]![1]!["text"]!.GetValue<string>()
            .ShouldBe("We act with care and respect.", "version 1 is immutable");
        var versions = (await Api.GetAsync($"/agreements/{c.AgreementId}/versions", c.Observer.Token)).Json.AsArray();
        versions.Select(v => (v!["version"]!.GetValue<int>(), v["title"]!.GetValue<string>())).ShouldBe([(1, "Founding text"), (2, "Clarify our purpose")]);
        versions[1]!["proposalId"]!.GetValue<string>().ShouldBe(proposal);

        var activity = (await Api.GetAsync($"/agreements/{c.AgreementId}/activity", c.Observer.Token)).Json["items"]!.AsArray()
            .Select(a => $"{a!["actor"]} {a["summary"]}").ToList();
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

        var tally = (await Api.PostAsync($"/votes/{vote}/close", c.Facilitator.Token)).ShouldBe(HttpStatusCode.OK).Json;

        tally["outcome"]!.GetValue<string>().ShouldBe("failed");
        (tally["eligible"]!.GetValue<int>(), tally["cast"]!.GetValue<int>(), tally["quorumNeeded"]!.GetValue<int>(), tally["quorumMet"]!.GetValue<bool>())
            .ShouldBe((4, 2, 3, false));
        tally["explanation"]!.GetValue<string>().ShouldStartWith("Failed: only 2 of 4 eligible voters voted; the quorum of 75% needs 3");
        (await Api.GetAsync($"/proposals/{proposal}", c.Member.Token)).Json["status"]!.GetValue<string>().ShouldBe("rejected");
        (await Api.GetAsync($"/agreements/{c.AgreementId}", c.Member.Token)).Json["version"]!.GetValue<int>().ShouldBe(1);
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

        var tally = (await Api.PostAsync($"/votes/{vote}/close", c.Facilitator.Token)).ShouldBe(HttpStatusCode.OK).Json;
        tally["explanation"]!.GetValue<string>().ShouldStartWith("Failed: 1 block; a single block stops a proposal");
        tally["block"]!.GetValue<int>().ShouldBe(1);
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

        var tally = (await Api.PostAsync($"/votes/{vote}/close", c.Facilitator.Token)).ShouldBe(HttpStatusCode.OK).Json;

        tally["outcome"]!.GetValue<string>().ShouldBe("failed");
        tally["explanation"]!.GetValue<string>().ShouldStartWith("Failed: consensus needs no objection and no block");
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

        var tally = (await Api.PostAsync($"/votes/{vote}/close", c.Facilitator.Token)).ShouldBe(HttpStatusCode.OK).Json;

        tally["share"]!.GetValue<decimal>().ShouldBe(0.6m);
        tally["threshold"]!.GetValue<decimal>().ShouldBe((decimal)threshold);
        tally["outcome"]!.GetValue<string>().ShouldBe(outcome);
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
        var tally = (await Api.PostAsync($"/votes/{vote}/close", c.Facilitator.Token)).ShouldBe(HttpStatusCode.OK).Json;

        tally["unit"]!.GetValue<string>().ShouldBe("organisation");
        (tally["eligible"]!.GetValue<int>(), tally["cast"]!.GetValue<int>(), tally["agree"]!.GetValue<int>(), tally["object"]!.GetValue<int>())
            .ShouldBe((3, 2, 1, 1), "the facilitator (no organisation) is a unit of their own and did not vote; the Roma Rights Centre's last ballot objects");
        tally["explanation"]!.GetValue<string>().ShouldStartWith("Failed: a majority needs more agree than object");
    }

    [Fact]
    public async Task a_vote_closes_early_when_everyone_has_voted_if_the_rules_say_so()
    {
        var c = await Api.CommunityAsync();
        await Api.RulesAsync(c, "consent", closeWhenAllVoted: true);
        var proposal = await Api.ProposalAsync(c, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "2") });
        var vote = await Api.CallVoteAsync(c, proposal, DateTimeOffset.UtcNow.AddDays(7));

        await Api.BallotAsync(vote, c.Member, "agree");
        (await Api.GetAsync($"/votes/{vote}", c.Member.Token)).Json["status"]!.GetValue<string>().ShouldBe("open");
        await Api.BallotAsync(vote, c.Facilitator, "abstain");

        var ended = await Api.EndedVoteAsync(vote);
        ended["status"]!.GetValue<string>().ShouldBe("closed");
        ended["closedBecause"]!.GetValue<string>().ShouldBe("allVoted");
        (await Api.GetAsync($"/agreements/{c.AgreementId}", c.Member.Token)).Json["version"]!.GetValue<int>().ShouldBe(2);
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
        (await Api.GetAsync($"/agreements/{c.AgreementId}/versions", c.Member.Token)).Json.AsArray().Count.ShouldBe(2);
    }
}
