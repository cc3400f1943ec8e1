using AgreementService.Agreements;
using CsCheck;

namespace AgreementService.Tests.Unit;

/// <summary>The rebase rule over constructed version histories.</summary>
public sealed class RebaseTests
{
    private static readonly Guid Purpose = Guid.NewGuid(), Sharing = Guid.NewGuid(), Support = Guid.NewGuid(), Values = Guid.NewGuid(), Decisions = Guid.NewGuid();

    /// <summary>1 Purpose (1.1 Sharing, 1.2 Support), 2 Values, 3 Decisions.</summary>
    private static readonly IReadOnlyList<Clause> Version1 =
    [
        new(Purpose, "Purpose", "We litigate together.", [new(Sharing, null, "We share knowledge.", []), new(Support, null, "We support cases.", [])]),
        new(Values, "Values", "Care and respect.", []),
        new(Decisions, "Decisions", "By consent.", []),
    ];

    private sealed class History
    {
        private readonly List<(IReadOnlyList<Clause> Clauses, VersionEffects Effects)> _versions = [(Version1, new VersionEffects(1, []))];

        public History Ratify(params Change[] changes)
        {
            var applied = OutlineEditor.Apply(_versions[^1].Clauses, changes, Guid.NewGuid);
            applied.Applied.ShouldBeTrue(applied.Refusal?.Reason);
            _versions.Add((applied.Clauses, new VersionEffects(_versions.Count + 1, applied.Effects)));
            return this;
        }

        public Draft Propose(int baseVersion, params Change[] changes) =>
            Rebase.Prepare(_versions[baseVersion - 1].Clauses, _versions[^1].Clauses, [.. _versions.Skip(baseVersion).Select(v => v.Effects)], changes, Guid.NewGuid);

        public IReadOnlyList<Clause> Current => _versions[^1].Clauses;
    }

    [Fact]
    public void a_proposal_on_the_current_version_applies_as_written()
    {
        var draft = new History().Propose(1, new AmendClause(Values, null, "Care, respect and courage."));

        draft.Ready.ShouldBeTrue();
        Outline.Find(draft.Preview, Values)!.Text.ShouldBe("Care, respect and courage.");
    }

    [Fact]
    public void a_stale_but_clean_proposal_is_rebased_onto_the_current_version()
    {
        var history = new History().Ratify(new AmendClause(Decisions, null, "By consent, after discussion."));

        var draft = history.Propose(1, new AmendClause(Values, null, "Care, respect and courage."), new AddClause(null, Purpose, Support, null, "We train."));

        draft.Ready.ShouldBeTrue();
        Outline.Find(draft.Preview, Decisions)!.Text.ShouldBe("By consent, after discussion.", "what version 2 changed is kept");
        Outline.Find(draft.Preview, Values)!.Text.ShouldBe("Care, respect and courage.");
        Outline.Number(draft.Preview)[0].Clauses.Select(c => c.Text).ShouldBe(["We share knowledge.", "We support cases.", "We train."]);
    }

    [Fact]
    public void amending_a_clause_a_later_version_amended_conflicts_naming_it_and_the_version()
    {
        var history = new History().Ratify(new AmendClause(Decisions, null, "By majority.")).Ratify(new AmendClause(Values, null, "Care."));

        var draft = history.Propose(1, new AmendClause(Values, null, "Respect."));

        draft.Ready.ShouldBeFalse();
        draft.Conflicts.ShouldBe([new Conflict(Values, 3, ClauseChangeKind.Amended)]);
    }

    [Fact]
    public void changing_a_clause_whose_section_was_removed_conflicts()
    {
        var draft = new History().Ratify(new RemoveClause(Purpose)).Propose(1, new AmendClause(Sharing, null, "We share everything."));

        draft.Conflicts.ShouldBe([new Conflict(Sharing, 2, ClauseChangeKind.Removed)]);
    }

    [Fact]
    public void removing_a_section_that_gained_a_clause_since_conflicts_naming_the_new_clause()
    {
        var added = Guid.NewGuid();
        var draft = new History().Ratify(new AddClause(added, Purpose, null, null, "We mentor.")).Propose(1, new RemoveClause(Purpose));

        draft.Conflicts.ShouldBe([new Conflict(added, 2, ClauseChangeKind.Added)]);
    }

    [Fact]
    public void placing_a_clause_after_one_that_has_moved_conflicts()
    {
        var draft = new History().Ratify(new MoveClause(Support, null, Values)).Propose(1, new AddClause(null, Purpose, Support, null, "After support."));

        draft.Conflicts.ShouldBe([new Conflict(Support, 2, ClauseChangeKind.Moved)]);
    }

    [Fact]
    public void amending_the_parent_of_an_added_clause_does_not_conflict()
    {
        var draft = new History().Ratify(new AmendClause(Purpose, "Our purpose", null)).Propose(1, new AddClause(null, Purpose, null, null, "First sub-clause."));

        draft.Ready.ShouldBeTrue();
        Outline.Find(draft.Preview, Purpose)!.Heading.ShouldBe("Our purpose");
        Outline.Find(draft.Preview, Purpose)!.Clauses[0].Text.ShouldBe("First sub-clause.");
    }

    [Fact]
    public void only_the_versions_that_touched_the_proposal_are_named()
    {
        var history = new History()
            .Ratify(new AmendClause(Values, null, "v2"))
            .Ratify(new AmendClause(Decisions, null, "v3"))
            .Ratify(new AmendClause(Decisions, null, "v4"));

        history.Propose(2, new AmendClause(Decisions, null, "mine")).Conflicts.ShouldBe([
            new Conflict(Decisions, 3, ClauseChangeKind.Amended),
            new Conflict(Decisions, 4, ClauseChangeKind.Amended),
        ]);
        history.Propose(2, new AmendClause(Values, null, "mine")).Ready.ShouldBeTrue("version 2 itself is the base, not a later change");
    }

    [Fact]
    public void changes_that_do_not_apply_to_their_base_are_refused_before_any_rebase()
    {
        var draft = new History().Ratify(new AmendClause(Values, null, "v2")).Propose(1, new AmendClause(Guid.NewGuid(), null, "x"));

        draft.Refusal.ShouldNotBeNull();
        draft.Conflicts.ShouldBeEmpty();
    }

    [Fact]
    public void when_no_later_version_touched_what_a_proposal_touches_rebasing_commutes()
    {
        // Property: a proposal amending clauses that a later version left alone reads the same whichever order they apply in.
        Gen.Select(Gen.Int[0, int.MaxValue].Array[3, 30], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue]).Sample((seeds, later, mine) =>
        {
            var v1 = OutlineProperties.BuildOutline(seeds);
            var clauses = Outline.All(v1).ToList();
            var theirs = clauses[later % clauses.Count];
            var ours = clauses[mine % clauses.Count];
            if (ours.Id == theirs.Id)
            {
                return;
            }

            var v2 = OutlineEditor.Apply(v1, [new AmendClause(theirs.Id, null, "theirs")], Guid.NewGuid);
            Change[] proposal = [new AmendClause(ours.Id, null, "ours")];

            var draft = Rebase.Prepare(v1, v2.Clauses, [new VersionEffects(2, v2.Effects)], proposal, Guid.NewGuid);

            draft.Ready.ShouldBeTrue();
            var otherOrder = OutlineEditor.Apply(OutlineEditor.Apply(v1, proposal, Guid.NewGuid).Clauses, [new AmendClause(theirs.Id, null, "theirs")], Guid.NewGuid);
            Outline.Number(draft.Preview).ShouldBeEquivalentTo(Outline.Number(otherOrder.Clauses));
        }, iter: 200);
    }
}
