using AgreementService.Agreements;
using AgreementService.Votes;
using System.Net;
using AgreementService.Infrastructure;
using AgreementService.Proposals;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Votes;

/// <summary>Ratification never gets stuck: whatever a later version does to a proposal, its vote ends and says why.</summary>
public sealed class NeverStuckTests(AppFixture app) : IntegrationContext(app)
{
    [Fact]
    public async Task a_proposal_a_ratification_leaves_unable_to_apply_is_conflicted_and_its_vote_cancelled_saying_why()
    {
        var c = await Api.CommunityAsync();
        await Api.RulesAsync(c);
        var sharing = await Api.ClauseIdAsync(c.AgreementId, "1.1");
        var support = await Api.ClauseIdAsync(c.AgreementId, "1.2");
        // D adds a sub-clause under 1.1; X moves 1.1 under 1.2. Neither touches a clause the other changes.
        var d = await Api.ProposalAsync(c, new { op = "add", parentId = sharing, text = "Through a shared library of pleadings." });
        var x = await Api.ProposalAsync(c, new { op = "move", clauseId = sharing, parentId = support });
        var dVote = await Api.CallVoteAsync(c, d);
        var xVote = await Api.CallVoteAsync(c, x);
        await Api.BallotAsync(dVote, c.Member, "agree");
        await Api.BallotAsync(xVote, c.Member, "agree");

        (await Api.PostAsync($"/votes/{dVote}/close", c.Facilitator.Token)).ShouldBe(HttpStatusCode.OK)["outcome"].ShouldBe("passed");

        var conflicted = await Api.ReadProposalAsync(x, c.Member.Token);
        conflicted.Status.ShouldBe(ProposalStatus.Conflicted);
        conflicted.Conflicts.ShouldBeEmpty();
        conflicted.Refusal.ShouldBe(new ChangeRefusal(0, Guid.Parse(support),
            "Change 1 (move): moving clause 1.1 under clause 1.2 would make the outline 4 levels deep; at most 3 are allowed."));
        var cancelled = await Api.VoteAsync(xVote, c.Member.Token);
        cancelled.Status.ShouldBe(VoteStatus.Cancelled);
        cancelled.CancelReason.ShouldBe(
            "“Clarify our purpose” was ratified as version 2. This proposal's changes no longer apply to the current text: Change 1 (move): moving clause 1.1 under clause 1.2 " +
            "would make the outline 4 levels deep; at most 3 are allowed. Its author must revise it.");
        (await Api.PostAsync($"/votes/{xVote}/close", c.Facilitator.Token)).ShouldRefuse(HttpStatusCode.Conflict).ShouldStartWith("The vote was cancelled: “Clarify our purpose” was ratified as version 2.");
        var activity = (await Api.GetAsync($"/agreements/{c.AgreementId}/activity", c.Member.Token)).Json["items"]!.AsArray()
            .Select(i => i!["summary"]!.GetValue<string>()).ToList();
        activity.ShouldContain(s => s.StartsWith("marked “Clarify our purpose” conflicted: its changes no longer apply to version 2. Change 1 (move)", StringComparison.Ordinal));

        // Its author revises it onto version 2, moving the clause somewhere it fits; it can be voted on again.
        (await Api.PostAsync($"/proposals/{x}/revisions", c.Member.Token, new { baseVersion = 2, changes = new[] { new { op = "move", clauseId = sharing, parentId = (string?)null, afterId = (string?)null } } }))
            .ShouldBe(HttpStatusCode.OK).Json["refusal"].ShouldBeNull();
    }

    [Fact]
    public async Task a_vote_whose_proposal_is_no_longer_voting_still_ends_at_its_deadline_or_when_closed_saying_why()
    {
        var c = await Api.CommunityAsync();
        await Api.RulesAsync(c);
        var byDeadline = await Api.ProposalAsync(c, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "2") });
        var byFacilitator = await Api.ProposalAsync(c, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "3") });
        var deadlineVote = await Api.CallVoteAsync(c, byDeadline, DateTimeOffset.UtcNow.AddSeconds(2));
        var facilitatorVote = await Api.CallVoteAsync(c, byFacilitator);
        await Api.BallotAsync(deadlineVote, c.Member, "agree");
        await Api.BallotAsync(facilitatorVote, c.Member, "agree");

        // A state the API cannot reach today: the proposals left 'voting' while their votes are open.
        await using (var session = App.Store.LightweightSession())
        {
            foreach (var proposal in new[] { byDeadline, byFacilitator })
            {
                session.Events.Append(Guid.Parse(proposal), new ProposalWithdrawn(Guid.Parse(proposal), Guid.Parse(c.AgreementId), c.Member.Id, DateTimeOffset.UtcNow));
            }

            await session.SaveChangesAsync();
        }

        (await Api.PostAsync($"/votes/{facilitatorVote}/close", c.Facilitator.Token)).ShouldRefuse(HttpStatusCode.Conflict).ShouldBe("The vote was cancelled: The proposal is withdrawn, so there is nothing to decide; nothing was counted.");
        var ended = await Api.EndedVoteAsync(deadlineVote);
        ended.Status.ShouldBe(VoteStatus.Cancelled, "the scheduled close ends the vote rather than failing");
        ended.CancelReason.ShouldNotBeNull().ShouldContain("The proposal is withdrawn");
        await using var query = App.Store.QuerySession();
        (await query.QueryAsync<long>($"select count(*) from {CritterStack.Schema}.wolverine_dead_letters"))[0].ShouldBe(0, "no close went to the error queue");
    }
}
