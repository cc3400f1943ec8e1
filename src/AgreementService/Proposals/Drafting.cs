using AgreementService.Access;
using AgreementService.Agreements;
using AgreementService.Infrastructure;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Proposals;

/// <summary>
/// What a proposal's changes are checked against, as loaded: the agreement, the version they were written against, the
/// current text, what every version since did, and which ids the changes name for new clauses some clause has had
/// before. Drafting from it is pure: applied to their base version, rebased onto the current one, or refused with why.
/// Shared by submitting, revising, previewing, diffing, calling a vote and closing one.
/// </summary>
public sealed record DraftSource(Agreement Agreement, int BaseVersion, IReadOnlyList<Clause>? BaseOutline, IReadOnlyList<Clause> CurrentOutline,
    IReadOnlyList<VersionEffects> Since, IReadOnlySet<Guid> UsedIds)
{
    public const int MaxChanges = 500;

    private (IReadOnlyList<Change> Changes, Draft Draft)? _drafted;

    public static async Task<DraftSource> LoadAsync(IQuerySession session, Agreement agreement, int baseVersion, IReadOnlyList<Change> changes,
        CancellationToken ct)
    {
        var current = agreement.CurrentVersion;
        var versions = (await session.LoadManyAsync<AgreementVersion>(ct, AgreementVersion.IdFor(agreement.Id, Math.Min(baseVersion, current)),
            AgreementVersion.IdFor(agreement.Id, current))).ToDictionary(v => v.Number);
        var since = baseVersion >= current
            ? []
            : await session.Query<AgreementVersion>()
                .Where(v => v.AgreementId == agreement.Id && v.Number > baseVersion && v.Number <= current)
                .OrderBy(v => v.Number)
                .Select(v => new VersionEffects(v.Number, v.Effects))
                .ToListAsync(ct);
        var named = changes.OfType<AddClause>().Select(a => a.ClauseId).OfType<Guid>().Distinct().Select(id => id.ToString()).ToArray();
        var used = named.Length == 0 ? [] : await session.QueryAsync<string>(
            $"select distinct e ->> 'ClauseId' from {CritterStack.Schema}.mt_doc_agreementversion v cross join lateral jsonb_array_elements(v.data -> 'Effects') e where e ->> 'ClauseId' = any(?)",
            ct, (object)named);
        return new DraftSource(agreement, baseVersion, versions.GetValueOrDefault(baseVersion)?.Clauses, versions[current].Clauses, since,
            used.Select(Guid.Parse).ToHashSet());
    }

    /// <summary>
    /// As <see cref="LoadAsync"/>, but drafting onto version <paramref name="target"/> as if it were the current one: what
    /// a revision's changes made of the version a later revision was written against.
    /// </summary>
    public static Task<DraftSource> LoadOntoAsync(IQuerySession session, Agreement agreement, int target, int baseVersion, IReadOnlyList<Change> changes,
        CancellationToken ct) =>
        LoadAsync(session, agreement with { CurrentVersion = target }, baseVersion, changes, ct);

    /// <summary>The changes drafted against the current version (computed once for the same changes).</summary>
    public Draft Prepare(IReadOnlyList<Change> changes)
    {
        if (_drafted is { } done && ReferenceEquals(done.Changes, changes))
        {
            return done.Draft;
        }

        var draft = BaseOutline is null ? new Draft([], CurrentOutline, [], new ChangeRefusal(0, null, NoSuchVersion))
            : Reused(changes, UsedIds) is { } reused ? new Draft([], BaseOutline, [], reused)
            : Rebase.Prepare(BaseOutline, CurrentOutline, Since, changes, Guid.CreateVersion7);
        _drafted = (changes, draft);
        return draft;
    }

    /// <summary>The version the changes now apply to, and the one they were written against when that is older.</summary>
    public (int BaseVersion, int? RebasedFrom) Base => Agreement.CurrentVersion == BaseVersion ? (BaseVersion, null) : (Agreement.CurrentVersion, BaseVersion);

    /// <summary>
    /// What reading a stored proposal's changes against the current text meets: 409 when they no longer apply or conflict,
    /// for the proposal's author must revise it.
    /// </summary>
    public ProblemDetails ReadProblem(IReadOnlyList<Change> changes) =>
        Prepare(changes).Refusal is { } refusal
            ? Problems.Conflict($"The proposal no longer applies to version {Agreement.CurrentVersion}: {refusal.Reason} Its author must revise it.")
            : Problem(changes);

    /// <summary>422 when a change cannot apply (which one, which clause, why); 409 naming the conflicts when the agreement moved on under it.</summary>
    public ProblemDetails Problem(IReadOnlyList<Change> changes)
    {
        if (BaseOutline is null)
        {
            return Problems.Unprocessable(NoSuchVersion);
        }

        var draft = Prepare(changes);
        if (draft.Refusal is { } refusal)
        {
            var problem = Problems.Unprocessable($"{refusal.Reason} Nothing was saved.", "A change cannot be applied");
            problem.Extensions["change"] = refusal.Change;
            problem.Extensions["clauseId"] = refusal.ClauseId;
            return problem;
        }

        if (draft.Conflicts.Count > 0)
        {
            var described = draft.Conflicts.Select(c =>
                $"clause {Outline.NumberOf(BaseOutline, c.ClauseId) ?? Outline.NumberOf(CurrentOutline, c.ClauseId) ?? c.ClauseId.ToString()} was {c.Change.ToString().ToLowerInvariant()} in version {c.Version}");
            var problem = Problems.Conflict(
                $"The agreement has changed where these changes apply: {string.Join("; ", described)}. Revise them against version {Agreement.CurrentVersion}.");
            problem.Title = "The proposal conflicts with later versions";
            problem.Extensions["conflicts"] = draft.Conflicts;
            return problem;
        }

        return WolverineContinue.NoProblems;
    }

    private string NoSuchVersion => $"There is no version {BaseVersion} yet; the current version is {Agreement.CurrentVersion}. Write the changes against it.";

    /// <summary>
    /// The first add that names an id some clause has had before (in any version of any agreement), which would join two
    /// different clauses in diffs and histories: a clause's id is new when it is added, and never reused.
    /// </summary>
    public static ChangeRefusal? Reused(IReadOnlyList<Change> changes, IReadOnlySet<Guid> used) =>
        changes.Select((change, i) => (change, i))
            .Where(x => x.change is AddClause { ClauseId: { } id } && used.Contains(id))
            .Select(x => new ChangeRefusal(x.i, ((AddClause)x.change).ClauseId,
                $"Change {x.i + 1} (add): the id {((AddClause)x.change).ClauseId} was used by another clause before; a new clause needs an id never used — leave clauseId out, or choose another."))
            .FirstOrDefault();
}

/// <summary>Who may change a proposal: its author, as a member, while no vote is open and it is not decided.</summary>
public static class Authorship
{
    /// <summary><paramref name="doing"/> and <paramref name="done"/>: "withdraw" and "withdrawn", "revise" and "revised".</summary>
    public static ProblemDetails Require(Standing standing, Proposal proposal, string doing, string done) =>
        standing.Require(AgreementRole.Member).Then(() =>
            standing.Caller.ParticipantId() != proposal.AuthorId ? Problems.Create(StatusCodes.Status403Forbidden, $"Only the proposal's author may {doing} it.")
            : proposal.IsDraft ? WolverineContinue.NoProblems
            : Problems.Conflict(proposal.Status == ProposalStatus.Voting
                ? $"A vote is open on this proposal, so it cannot be {done}: ballots must refer to the exact text being voted on."
                : $"This proposal is {proposal.Status.ToString().ToLowerInvariant()}; it can no longer be {done}."));
}

public sealed class ChangesValidator : AbstractValidator<IReadOnlyList<Change>>
{
    public const string Missing = "'changes' needs at least one change.";

    public ChangesValidator()
    {
        RuleFor(x => x).NotEmpty().WithMessage(Missing)
            .Must(c => c.Count <= DraftSource.MaxChanges).WithMessage($"A proposal can make at most {DraftSource.MaxChanges} changes.");
        RuleForEach(x => x).Must(c => c is AddClause or AmendClause or RemoveClause or MoveClause)
            .WithMessage("Each change needs an 'op': add, amend, remove or move.");
    }
}

public static class ChangesRule
{
    /// <summary>A request's 'changes': present (a child validator never sees a missing list), then as <see cref="ChangesValidator"/> says.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<Change>> ValidChanges<T>(this IRuleBuilder<T, IReadOnlyList<Change>> rule) =>
        rule.NotNull().WithMessage(ChangesValidator.Missing).SetValidator(new ChangesValidator());
}
