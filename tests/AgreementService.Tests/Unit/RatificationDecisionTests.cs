using AgreementService.Agreements;
using AgreementService.Proposals;
using AgreementService.Votes;
using CsCheck;

namespace AgreementService.Tests.Unit;

/// <summary>What ratifying a proposal does to the others in play: the pure decision, without a database.</summary>
public sealed class RatificationDecisionTests
{
    private static readonly Guid Purpose = Guid.NewGuid(), Sharing = Guid.NewGuid(), Knowledge = Guid.NewGuid(), Cases = Guid.NewGuid(),
        Decisions = Guid.NewGuid(), Consent = Guid.NewGuid();

    /// <summary>1 Purpose · 2 Sharing (2.1 Knowledge, 2.2 Cases) · 3 Decisions (3.1 Consent).</summary>
    private static readonly IReadOnlyList<Clause> Version1 =
    [
        new(Purpose, "Purpose", "We litigate together.", []),
        new(Sharing, "Sharing", "We share.", [new(Knowledge, null, "Knowledge.", []), new(Cases, null, "Cases.", [])]),
        new(Decisions, "Decisions", "How we decide.", [new(Consent, null, "By consent.", [])]),
    ];

    private static Proposal InPlay(string title, params Change[] changes) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), title, "", DateTimeOffset.UnixEpoch) { BaseVersion = 1, Changes = changes };

    [Fact]
    public void a_proposal_a_new_version_leaves_too_deep_is_conflicted_naming_the_change_the_clause_and_why()
    {
        // D adds a sub-clause under 2.1; X moves 2.1 under 3.1. Neither touches a clause the other changes.
        Change[] d = [new AddClause(Guid.NewGuid(), Knowledge, null, null, "Through the shared drive.")];
        var x = InPlay("Knowledge is how we decide", new MoveClause(Knowledge, Consent, null));

        var ratified = Ratification.Decide(Version1, 2, d, [x]);

        ratified.Version.Applied.ShouldBeTrue();
        var conflicted = ratified.Conflicted.ShouldHaveSingleItem();
        conflicted.Proposal.ShouldBe(x);
        conflicted.Conflicts.ShouldBeEmpty("the rebase rule alone does not see it");
        conflicted.Refusal.ShouldNotBeNull();
        (conflicted.Refusal.Change, conflicted.Refusal.ClauseId).ShouldBe((0, Consent));
        conflicted.Refusal.Reason.ShouldBe("Change 1 (move): moving clause 2.1 under clause 3.1 would make the outline 4 levels deep; at most 3 are allowed.");
        conflicted.Why(Version1, ratified.Version.Clauses).ShouldStartWith("This proposal's changes no longer apply to the current text: Change 1 (move)");
    }

    [Fact]
    public void a_proposal_that_would_grow_the_new_version_beyond_what_an_agreement_may_hold_is_conflicted()
    {
        // 50 clauses just short of the agreement's cap on characters: D and X each fit alone, not together.
        IReadOnlyList<Clause> full = [.. Enumerable.Range(0, 50).Select(_ => new Clause(Guid.NewGuid(), null, new string('a', Outline.MaxCharacters / 50 - 10), []))];
        Change[] d = [new AddClause(Guid.NewGuid(), null, null, null, new string('d', 300))];
        var x = InPlay("One more clause", new AddClause(Guid.NewGuid(), null, null, null, new string('x', 300)));
        OutlineEditor.Apply(full, x.Changes, Guid.NewGuid).Applied.ShouldBeTrue("alone, X fits");

        var ratified = Ratification.Decide(full, 2, d, [x]);

        ratified.Version.Applied.ShouldBeTrue();
        ratified.Conflicted.ShouldHaveSingleItem().Refusal!.Reason
            .ShouldBe("Change 1 (add): the agreement's headings and texts would hold 1,000,100 characters; together they can hold at most 1,000,000.");
    }

    [Fact]
    public void no_change_may_take_an_agreement_beyond_its_number_of_clauses()
    {
        IReadOnlyList<Clause> full = [.. Enumerable.Range(0, Outline.MaxClauses).Select(i => new Clause(Guid.NewGuid(), null, $"Clause {i}.", []))];

        var applied = OutlineEditor.Apply(full, [new RemoveClause(full[0].Id), new AddClause(null, null, null, null, "Fits."), new AddClause(null, null, null, null, "Does not.")],
            Guid.NewGuid);

        applied.Refusal!.Reason.ShouldBe("Change 3 (add): the agreement would have 2,001 clauses; it can have at most 2,000.");
        applied.Refusal.Change.ShouldBe(2);
    }

    [Fact]
    public void a_move_a_new_version_made_pointless_is_conflicted()
    {
        // X moves 2.2 to the top of its section; the new version removes 2.1, so 2.2 is at the top already.
        var x = InPlay("Cases first", new MoveClause(Cases, Sharing, null));

        var ratified = Ratification.Decide(Version1, 2, [new RemoveClause(Knowledge)], [x]);

        ratified.Conflicted.ShouldHaveSingleItem().Refusal!.Reason.ShouldContain("is already there; the move changes nothing");
    }

    [Fact]
    public void proposals_touching_what_the_version_changed_are_conflicted_by_the_rebase_rule_and_the_others_stay()
    {
        var overlapping = InPlay("Purpose, shorter", new AmendClause(Purpose, null, "We litigate."));
        var elsewhere = InPlay("Consent, explained", new AmendClause(Consent, null, "By consent, after discussion."));

        var ratified = Ratification.Decide(Version1, 2, [new AmendClause(Purpose, null, "We litigate together, across Europe.")], [overlapping, elsewhere]);

        var conflicted = ratified.Conflicted.ShouldHaveSingleItem();
        conflicted.Proposal.ShouldBe(overlapping);
        conflicted.Conflicts.ShouldBe([new Conflict(Purpose, 2, ClauseChangeKind.Amended)]);
        conflicted.Why(Version1, ratified.Version.Clauses).ShouldBe("Clauses this proposal changes were changed since: clause 1 was amended in version 2.");
    }

    [Fact]
    public void a_clause_added_since_is_named_by_its_number_in_the_new_version()
    {
        var x = InPlay("No purpose section", new RemoveClause(Purpose));

        var ratified = Ratification.Decide(Version1, 2, [new AddClause(Guid.NewGuid(), Purpose, null, null, "We litigate strategically.")], [x]);

        ratified.Conflicted.ShouldHaveSingleItem().Why(Version1, ratified.Version.Clauses)
            .ShouldBe("Clauses this proposal changes were changed since: clause 1.1 was added in version 2.");
    }

    [Fact]
    public void a_ratification_may_not_leave_the_agreement_without_clauses()
    {
        var ratified = Ratification.Decide(Version1, 2, [new RemoveClause(Purpose), new RemoveClause(Sharing), new RemoveClause(Decisions)], []);

        ratified.Version.Applied.ShouldBeFalse();
        ratified.Version.Refusal!.Change.ShouldBe(2);
        ratified.Version.Refusal.Reason.ShouldContain("without clauses");
    }

    [Fact]
    public void an_add_may_not_name_the_nil_id_nor_an_id_used_before()
    {
        OutlineEditor.Apply(Version1, [new AddClause(Guid.Empty, null, null, null, "Nil.")], Guid.NewGuid).Refusal!.Reason.ShouldContain("the nil id");

        var removed = Guid.NewGuid();
        Change[] changes = [new AmendClause(Purpose, null, "New."), new AddClause(removed, null, null, null, "Reusing an old id.")];
        var reused = DraftSource.Reused(changes, new HashSet<Guid> { removed }).ShouldNotBeNull();
        (reused.Change, reused.ClauseId).ShouldBe((1, removed));
        reused.Reason.ShouldContain("was used by another clause before");
        DraftSource.Reused(changes, new HashSet<Guid> { Guid.NewGuid() }).ShouldBeNull();
    }

    /// <summary>
    /// Property: proposals written on one base, taken to a vote and closed in a random order (passing or failing),
    /// exactly as closing does it: every proposal still in play after a ratification applies to the new version — so
    /// no close can find a proposal it cannot apply — the ratified text is the proposal's preview, and every proposal
    /// ends in a state the lifecycle allows.
    /// </summary>
    [Fact]
    public void random_proposals_ratified_in_random_orders_never_leave_a_vote_that_cannot_close()
    {
        Gen.Select(Gen.Int[0, int.MaxValue].Array[3, 14], Gen.Int[0, int.MaxValue].Array[2, 7], Gen.Int[0, int.MaxValue]).Sample((outlineSeeds, proposalSeeds, order) =>
        {
            var v1 = OutlineProperties.BuildOutline(outlineSeeds);
            var versions = new List<(IReadOnlyList<Clause> Clauses, VersionEffects Effects)> { (v1, new VersionEffects(1, [])) };
            var proposals = proposalSeeds.Select((seed, i) =>
                InPlay($"P{i}", [.. OutlineProperties.ValidChanges(v1, [.. new[] { seed, seed / 5, seed / 25 }.Take(1 + seed % 3)]).Changes])).ToList();
            var random = new Random(order);

            while (proposals.Any(p => p.Status is ProposalStatus.Open or ProposalStatus.Voting))
            {
                var inPlay = proposals.Where(p => p.Status is ProposalStatus.Open or ProposalStatus.Voting).ToList();
                var chosen = inPlay[random.Next(inPlay.Count)];
                var index = proposals.IndexOf(chosen);
                var draft = Rebase.Prepare(versions[chosen.BaseVersion - 1].Clauses, versions[^1].Clauses,
                    [.. versions.Skip(chosen.BaseVersion).Select(v => v.Effects)], chosen.Changes, Guid.NewGuid);
                draft.Ready.ShouldBeTrue($"{chosen.Title} is in play but does not apply: {draft.Refusal?.Reason} {string.Join(", ", draft.Conflicts)}");
                if (random.Next(4) == 0)
                {
                    proposals[index] = chosen with { Status = ProposalStatus.Rejected };
                    continue;
                }

                var next = versions.Count + 1;
                var ratified = Ratification.Decide(versions[^1].Clauses, next, draft.Changes, inPlay.Where(p => p != chosen));

                ratified.Version.Applied.ShouldBeTrue(ratified.Version.Refusal?.Reason);
                Outline.Number(ratified.Version.Clauses).ShouldBeEquivalentTo(Outline.Number(draft.Preview), "the version is the preview the voters saw");
                Outline.Depth(ratified.Version.Clauses).ShouldBeLessThanOrEqualTo(Outline.MaxDepth);
                ratified.Version.Clauses.ShouldNotBeEmpty();
                versions.Add((ratified.Version.Clauses, new VersionEffects(next, ratified.Version.Effects)));
                proposals[index] = chosen with { Status = ProposalStatus.Ratified };
                foreach (var conflicted in ratified.Conflicted)
                {
                    (conflicted.Conflicts.Count > 0 || conflicted.Refusal is not null).ShouldBeTrue("a conflicted proposal says why");
                    var at = proposals.IndexOf(conflicted.Proposal);
                    proposals[at] = proposals[at] with { Status = ProposalStatus.Conflicted };
                }
            }

            proposals.ShouldAllBe(p => p.Status == ProposalStatus.Ratified || p.Status == ProposalStatus.Rejected || p.Status == ProposalStatus.Conflicted);
        }, iter: 400);
    }
}
