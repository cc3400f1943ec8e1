using AgreementService.Agreements;
using CsCheck;

namespace AgreementService.Tests.Unit;

/// <summary>Any sequence of valid changes keeps the outline's invariants, and applying is all or nothing.</summary>
public sealed class OutlineProperties
{
    private static readonly Gen<(int[] Outline, int[] Changes)> Seeds =
        Gen.Select(Gen.Int[0, int.MaxValue].Array[1, 40], Gen.Int[0, int.MaxValue].Array[1, 40]);

    [Fact]
    public void valid_changes_keep_ids_unique_and_stable_numbering_contiguous_depth_bounded_and_untouched_text_intact()
    {
        Seeds.Sample((outlineSeeds, changeSeeds) =>
        {
            var original = BuildOutline(outlineSeeds);
            var (changes, stepwise) = ValidChanges(original, changeSeeds);

            var result = OutlineEditor.Apply(original, changes, Guid.NewGuid);

            result.Applied.ShouldBeTrue(result.Refusal?.Reason);
            Ids(result.Clauses).ShouldBe(Ids(stepwise), "applying all at once equals applying one by one");
            var after = Outline.All(result.Clauses).ToList();
            after.Select(c => c.Id).Distinct().Count().ShouldBe(after.Count, "clause ids are unique");
            Outline.Depth(result.Clauses).ShouldBeLessThanOrEqualTo(Outline.MaxDepth);
            NumbersAreContiguous(Outline.Number(result.Clauses), "").ShouldBeTrue();

            var removed = result.Effects.Where(e => e.Kind == ClauseChangeKind.Removed).Select(e => e.ClauseId).ToHashSet();
            var added = result.Effects.Where(e => e.Kind == ClauseChangeKind.Added).Select(e => e.ClauseId).ToHashSet();
            var before = Outline.All(original).ToDictionary(c => c.Id);
            after.Select(c => c.Id).ToHashSet().SetEquals(before.Keys.Where(id => !removed.Contains(id)).Concat(added.Where(id => !removed.Contains(id))))
                .ShouldBeTrue("ids are stable: what is there is what was there, less what was removed, plus what was added");

            var amended = changes.OfType<AmendClause>().Select(a => a.ClauseId).ToHashSet();
            foreach (var clause in after.Where(c => before.ContainsKey(c.Id) && !amended.Contains(c.Id)))
            {
                (clause.Heading, clause.Text).ShouldBe((before[clause.Id].Heading, before[clause.Id].Text), "an untouched clause keeps its text");
            }
        }, iter: 300);
    }

    [Fact]
    public void one_change_that_cannot_apply_refuses_them_all_and_names_itself()
    {
        Gen.Select(Seeds, Gen.Int[0, 40]).Sample((seeds, at) =>
        {
            var original = BuildOutline(seeds.Outline);
            var (changes, _) = ValidChanges(original, seeds.Changes);
            var position = Math.Min(at, changes.Count);
            var missing = Guid.NewGuid();
            var broken = changes.Take(position).Append(new AmendClause(missing, null, "x")).Concat(changes.Skip(position)).ToList();

            var result = OutlineEditor.Apply(original, broken, Guid.NewGuid);

            result.Applied.ShouldBeFalse();
            result.Refusal!.Change.ShouldBe(position);
            result.Refusal.ClauseId.ShouldBe(missing);
            result.Clauses.ShouldBeSameAs(original);
            result.Effects.ShouldBeEmpty();
        }, iter: 200);
    }

    /// <summary>An outline up to three levels deep, built from seeds: each seed adds one clause somewhere allowed.</summary>
    internal static IReadOnlyList<Clause> BuildOutline(int[] seeds)
    {
        IReadOnlyList<Clause> outline = [];
        for (var i = 0; i < seeds.Length; i++)
        {
            var parents = Outline.All(outline).Where(c => DepthOf(outline, c.Id) < Outline.MaxDepth).Select(c => (Guid?)c.Id).Prepend(null).ToList();
            var parent = parents[seeds[i] % parents.Count];
            outline = OutlineEditor.Apply(outline, [new AddClause(null, parent, null, i % 3 == 0 ? $"Heading {i}" : null, $"Clause text {i}")], Guid.NewGuid).Clauses;
        }

        return outline;
    }

    /// <summary>Changes that are each valid where they apply, and the outline after each, built from seeds.</summary>
    internal static (List<Change> Changes, IReadOnlyList<Clause> Outline) ValidChanges(IReadOnlyList<Clause> outline, int[] seeds)
    {
        var changes = new List<Change>();
        for (var i = 0; i < seeds.Length; i++)
        {
            var s = seeds[i];
            var clauses = Outline.All(outline).ToList();
            Change change = (s % 4, clauses.Count) switch
            {
                (0, > 0) => new AmendClause(clauses[s / 4 % clauses.Count].Id, i % 2 == 0 ? $"New heading {i}" : null, $"Amended text {i}"),
                (1, > 0) when outline.Count > 1 || clauses[s / 4 % clauses.Count].Id != outline[0].Id => new RemoveClause(clauses[s / 4 % clauses.Count].Id),
                (2, > 0) when Move(outline, clauses[s / 4 % clauses.Count], s) is { } move => move,
                _ => Add(outline, s, i),
            };
            changes.Add(change);
            var applied = OutlineEditor.Apply(outline, [change], Guid.NewGuid);
            applied.Applied.ShouldBeTrue($"the generator made an invalid change: {applied.Refusal?.Reason}");
            outline = applied.Clauses;
            changes[^1] = applied.Changes[0];
        }

        return (changes, outline);
    }

    private static AddClause Add(IReadOnlyList<Clause> outline, int s, int i)
    {
        var parents = Outline.All(outline).Where(c => DepthOf(outline, c.Id) < Outline.MaxDepth).Select(c => (Guid?)c.Id).Prepend(null).ToList();
        var parent = parents[s % parents.Count];
        var siblings = Children(outline, parent).Select(c => (Guid?)c.Id).Prepend(null).ToList();
        return new AddClause(null, parent, siblings[s / 7 % siblings.Count], null, $"Added text {i}");
    }

    private static MoveClause? Move(IReadOnlyList<Clause> outline, Clause clause, int s)
    {
        var subtree = Outline.All([clause]).Select(c => c.Id).ToHashSet();
        var height = Outline.Depth([clause]);
        var parents = Outline.All(outline)
            .Where(c => !subtree.Contains(c.Id) && DepthOf(outline, c.Id) + height <= Outline.MaxDepth)
            .Select(c => (Guid?)c.Id).Prepend(null).ToList();
        var parent = parents[s / 3 % parents.Count];
        var siblings = Children(outline, parent).Where(c => c.Id != clause.Id).Select(c => (Guid?)c.Id).Prepend(null).ToList();
        var after = siblings[s / 11 % siblings.Count];

        var (currentParent, previous) = Place(outline, null, clause.Id)!.Value;
        return currentParent == parent && previous == after ? null : new MoveClause(clause.Id, parent, after);
    }

    private static IReadOnlyList<Clause> Children(IReadOnlyList<Clause> outline, Guid? parent) =>
        parent is null ? outline : Outline.Find(outline, parent.Value)!.Clauses;

    /// <summary>The clause's parent and the sibling before it.</summary>
    private static (Guid? Parent, Guid? Previous)? Place(IReadOnlyList<Clause> level, Guid? parent, Guid id)
    {
        for (var i = 0; i < level.Count; i++)
        {
            if (level[i].Id == id)
            {
                return (parent, i == 0 ? null : level[i - 1].Id);
            }

            if (Place(level[i].Clauses, level[i].Id, id) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static int DepthOf(IReadOnlyList<Clause> outline, Guid id) => Outline.NumberOf(outline, id)!.Split('.').Length;

    private static List<Guid> Ids(IReadOnlyList<Clause> outline) => Outline.All(outline).Select(c => c.Id).ToList();

    private static bool NumbersAreContiguous(IReadOnlyList<NumberedClause> level, string prefix) =>
        level.Select((c, i) => c.Number == $"{prefix}{i + 1}" && NumbersAreContiguous(c.Clauses, c.Number + ".")).All(ok => ok);
}
