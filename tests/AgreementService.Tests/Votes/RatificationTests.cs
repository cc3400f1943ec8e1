using AgreementService.Votes;
using AgreementService.Proposals;
using AgreementService.Agreements;
using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Votes;

public sealed class RatificationTests(AppFixture app) : IntegrationContext(app)
{
    [Fact]
    public async Task ratifying_marks_overlapping_proposals_conflicted_cancels_their_votes_and_leaves_the_others_valid()
    {
        var c = await Api.CommunityAsync();
        await Api.RulesAsync(c);
        var values = await Api.ClauseIdAsync(c.AgreementId, "2");
        var decisions = await Api.ClauseIdAsync(c.AgreementId, "3");
        var first = await Api.ProposalAsync(c, new { op = "amend", clauseId = values, text = "Care, respect and courage." });
        var overlapping = await Api.ProposalAsync(c, new { op = "amend", clauseId = values, text = "Care and kindness." });
        var elsewhere = await Api.ProposalAsync(c, new { op = "amend", clauseId = decisions, text = "By consent, after discussion." });
        var firstVote = await Api.CallVoteAsync(c, first);
        var overlappingVote = await Api.CallVoteAsync(c, overlapping);
        await Api.BallotAsync(firstVote, c.Member, "agree");
        await Api.BallotAsync(overlappingVote, c.Member, "agree");

        (await Api.CloseAsync(c, firstVote)).Outcome.ShouldBe(Outcome.Passed);

        var conflicted = await Api.ReadProposalAsync(overlapping, c.Member.Token);
        conflicted.Status.ShouldBe(ProposalStatus.Conflicted);
        conflicted.Conflicts.ShouldBe([new Conflict(Guid.Parse(values), 2, ClauseChangeKind.Amended)]);
        var cancelled = await Api.VoteAsync(overlappingVote, c.Member.Token);
        cancelled.Status.ShouldBe(VoteStatus.Cancelled);
        cancelled.CancelReason.ShouldNotBeNull().ShouldContain("ratified as version 2");

        (await Api.ReadProposalAsync(elsewhere, c.Member.Token)).Status.ShouldBe(ProposalStatus.Open);
        var preview = (await Api.GetAsync($"/proposals/{elsewhere}/preview", c.Member.Token)).ShouldBe(HttpStatusCode.OK).As<ProposalPreview>();
        preview.CurrentVersion.ShouldBe(2);
        preview.Clauses.Select(x => x.Text).Skip(1)
            .ShouldBe(["Care, respect and courage.", "By consent, after discussion."], "the untouched proposal rebases onto version 2");

        // The stale-but-clean proposal goes to a vote and is ratified onto version 2.
        var elsewhereVote = await Api.CallVoteAsync(c, elsewhere);
        await Api.BallotAsync(elsewhereVote, c.Member, "agree");
        (await Api.PostAsync($"/votes/{elsewhereVote}/close", c.Facilitator.Token)).ShouldBe(HttpStatusCode.OK);
        var text = await Api.TextAsync(c.AgreementId, c.Member.Token);
        text.Version.ShouldBe(3);
        text.Clauses.Select(x => x.Text).Skip(1).ShouldBe(["Care, respect and courage.", "By consent, after discussion."]);

        // Its author revises the conflicted one onto the new version, and it is open again.
        (await Api.PostAsync($"/proposals/{overlapping}/revisions", c.Member.Token,
            new { baseVersion = 3, changes = new[] { new { op = "amend", clauseId = values, text = "Care, respect, courage and kindness." } } }))
            .ShouldBe(HttpStatusCode.OK).As<ProposalView>().Status.ShouldBe(ProposalStatus.Open);
    }

    [Fact]
    public async Task a_proposal_written_against_an_old_version_is_rebased_when_clean_and_refused_naming_the_conflicts_when_not()
    {
        var c = await Api.CommunityAsync();
        await Api.RulesAsync(c);
        var values = await Api.ClauseIdAsync(c.AgreementId, "2");
        var decisions = await Api.ClauseIdAsync(c.AgreementId, "3");
        var ratified = await Api.ProposalAsync(c, new { op = "amend", clauseId = values, text = "Courage." });
        var vote = await Api.CallVoteAsync(c, ratified);
        await Api.BallotAsync(vote, c.Member, "agree");
        (await Api.PostAsync($"/votes/{vote}/close", c.Facilitator.Token)).ShouldBe(HttpStatusCode.OK);
        var written = await WrittenAsync();

        var conflicting = await Api.ProposeAsync(c.AgreementId, c.Member, 1, new { op = "amend", clauseId = values, text = "Kindness." });
        var problem = conflicting.ShouldBeProblem(HttpStatusCode.Conflict);
        problem["detail"]!.GetValue<string>().ShouldContain("clause 2 was amended in version 2");
        problem["conflicts"]![0]!["version"]!.GetValue<int>().ShouldBe(2);
        (await WrittenAsync()).ShouldBe(written);

        var clean = (await Api.ProposeAsync(c.AgreementId, c.Member, 1, new { op = "amend", clauseId = decisions, text = "By majority." }))
            .ShouldBe(HttpStatusCode.Created).Json;
        clean["baseVersion"]!.GetValue<int>().ShouldBe(2, "rebased onto the current version");
        var revisions = (await Api.GetAsync($"/proposals/{clean["id"]}/revisions", c.Member.Token)).Json;
        revisions[0]!["rebasedFrom"]!.GetValue<int>().ShouldBe(1);
    }
}
