namespace AgreementService.Agreements;

/// <summary>What a version did to the clauses, kept with the version so rebasing never replays history.</summary>
public sealed record VersionEffects(int Version, IReadOnlyList<ClauseEffect> Effects);

/// <summary>A clause a proposal depends on that a later version changed.</summary>
public sealed record Conflict(Guid ClauseId, int Version, ClauseChangeKind Change);

/// <summary>A proposal's changes made ready against the current version, or why they cannot be.</summary>
public sealed record Draft(
    IReadOnlyList<Change> Changes,
    IReadOnlyList<Clause> Preview,
    IReadOnlyList<Conflict> Conflicts,
    ChangeRefusal? Refusal)
{
    public bool Ready => Refusal is null && Conflicts.Count == 0;
}

/// <summary>
/// The rebase rule: a proposal written against an older version still applies, rebased onto the current one,
/// when none of the clauses it touches (nor their existence, through their ancestors) changed since; otherwise
/// it conflicts, naming each clause and the version that changed it.
/// </summary>
public static class Rebase
{
    public static Draft Prepare(
        IReadOnlyList<Clause> baseOutline,
        IReadOnlyList<Clause> currentOutline,
        IReadOnlyList<VersionEffects> since,
        IReadOnlyList<Change> changes,
        Func<Guid> newId)
    {
        var onBase = OutlineEditor.Apply(baseOutline, changes, newId);
        if (!onBase.Applied)
        {
            return new Draft([], baseOutline, [], onBase.Refusal);
        }

        if (since.Count == 0)
        {
            return new Draft(onBase.Changes, onBase.Clauses, [], null);
        }

        var conflicts = Conflicts(baseOutline, currentOutline, onBase.Changes, since);
        if (conflicts.Count > 0)
        {
            return new Draft(onBase.Changes, currentOutline, conflicts, null);
        }

        // Ids of added clauses were fixed on the base, so the rebased proposal adds the very same clauses.
        var onCurrent = OutlineEditor.Apply(currentOutline, onBase.Changes, newId);
        return new Draft(onBase.Changes, onCurrent.Applied ? onCurrent.Clauses : currentOutline, [], onCurrent.Refusal);
    }

    /// <summary>
    /// Every (clause, version) where a version after the base changed a clause the changes depend on:
    /// an amended, moved or removed clause the changes amend, remove or move; anything in or brought into a
    /// subtree the changes remove; a parent or sibling that placed an added or moved clause and was since
    /// removed or moved.
    /// </summary>
    public static IReadOnlyList<Conflict> Conflicts(
        IReadOnlyList<Clause> baseOutline,
        IReadOnlyList<Clause> currentOutline,
        IReadOnlyList<Change> changes,
        IReadOnlyList<VersionEffects> since)
    {
        var existed = Outline.All(baseOutline).Select(c => c.Id).ToHashSet();
        var anyChange = new HashSet<Guid>();
        var placement = new HashSet<Guid>();
        foreach (var change in changes)
        {
            switch (change)
            {
                case AmendClause a:
                    anyChange.Add(a.ClauseId);
                    break;
                case RemoveClause r:
                    anyChange.UnionWith(Subtree(baseOutline, r.ClauseId));
                    anyChange.UnionWith(Subtree(currentOutline, r.ClauseId));
                    break;
                case MoveClause m:
                    anyChange.Add(m.ClauseId);
                    placement.UnionWith(new[] { m.ParentId, m.AfterId }.OfType<Guid>());
                    break;
                case AddClause a:
                    placement.UnionWith(new[] { a.ParentId, a.AfterId }.OfType<Guid>());
                    break;
            }
        }

        return since
            .SelectMany(v => v.Effects.Select(e => (v.Version, e)))
            .Where(x => (existed.Contains(x.e.ClauseId) || anyChange.Contains(x.e.ClauseId)) &&
                        (anyChange.Contains(x.e.ClauseId) ||
                         (placement.Contains(x.e.ClauseId) && x.e.Kind is ClauseChangeKind.Removed or ClauseChangeKind.Moved)))
            .Select(x => new Conflict(x.e.ClauseId, x.Version, x.e.Kind))
            .Distinct()
            .ToList();
    }

    private static IEnumerable<Guid> Subtree(IReadOnlyList<Clause> outline, Guid id) =>
        Outline.Find(outline, id) is { } clause ? Outline.All([clause]).Select(c => c.Id) : [];
}
