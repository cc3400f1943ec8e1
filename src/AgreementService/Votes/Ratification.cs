using AgreementService.Agreements;
using AgreementService.Proposals;

namespace AgreementService.Votes;

/// <summary>A proposal that a new version leaves unable to go on: the clauses a later version changed under it, or why its changes no longer apply.</summary>
public sealed record Conflicted(Proposal Proposal, IReadOnlyList<Conflict> Conflicts, ChangeRefusal? Refusal)
{
    /// <summary>Why, in sentences, with clauses numbered as in <paramref name="before"/> (the text the proposal was checked against) or, for one added since, <paramref name="after"/>.</summary>
    public string Why(IReadOnlyList<Clause> before, IReadOnlyList<Clause> after) => Refusal is { } refusal
        ? $"This proposal's changes no longer apply to the current text: {refusal.Reason}"
        : $"Clauses this proposal changes were changed since: {string.Join("; ", Conflicts.Select(c =>
            $"clause {Outline.NumberOf(before, c.ClauseId) ?? Outline.NumberOf(after, c.ClauseId) ?? c.ClauseId.ToString()} was {c.Change.ToString().ToLowerInvariant()} in version {c.Version}"))}.";
}

/// <summary>What ratifying a proposal does: the next version's text, and the proposals in play that it leaves conflicted.</summary>
public sealed record Ratified(ApplyResult Version, IReadOnlyList<Conflicted> Conflicted);

/// <summary>
/// The pure part of ratification. Every other open or voting proposal is checked against the new version twice:
/// by the rebase rule (does it touch a clause the version changed?) and by applying it (does it still apply —
/// within the outline's depth, to clauses that are there, changing something?). One that passes both stays as it
/// is and is rebased when it is next drafted or ratified; one that fails either is conflicted, saying why.
/// </summary>
public static class Ratification
{
    public static Ratified Decide(IReadOnlyList<Clause> current, int nextVersion, IReadOnlyList<Change> changes, IEnumerable<Proposal> inPlay)
    {
        // Ratified and pending changes carry the ids of the clauses they add, fixed when they were drafted.
        var applied = OutlineEditor.Apply(current, changes, Guid.CreateVersion7);
        if (!applied.Applied)
        {
            return new Ratified(applied, []);
        }

        VersionEffects[] since = [new(nextVersion, applied.Effects)];
        var conflicted = inPlay
            .Select(other => Rebase.Conflicts(current, applied.Clauses, other.Changes, since) is { Count: > 0 } conflicts
                ? new Conflicted(other, conflicts, null)
                : OutlineEditor.Apply(applied.Clauses, other.Changes, Guid.CreateVersion7).Refusal is { } refusal
                    ? new Conflicted(other, [], refusal)
                    : null)
            .OfType<Conflicted>()
            .ToList();
        return new Ratified(applied, conflicted);
    }
}
