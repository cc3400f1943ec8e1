using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Agreements;
using AgreementService.Infrastructure;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Proposals;

/// <summary>
/// A proposal's changes checked against the agreement: applied to their base version, rebased onto the current
/// one, or refused with why. Shared by submitting, revising and previewing.
/// </summary>
public sealed record Drafted(ProblemDetails Problem, Agreement? Agreement, Draft? Draft, int BaseVersion)
{
    public static Drafted Refused(ProblemDetails problem) => new(problem, null, null, 0);

    /// <summary>The version the changes now apply to, and the one they were written against when that is older.</summary>
    public (int BaseVersion, int? RebasedFrom) Base => Agreement!.CurrentVersion == BaseVersion ? (BaseVersion, null) : (Agreement.CurrentVersion, BaseVersion);
}

public static class Drafting
{
    public const int MaxChanges = 500;

    public static async Task<Drafted> PrepareAsync(IQuerySession session, Guid agreementId, int baseVersion, IReadOnlyList<Change> changes,
        CancellationToken ct)
    {
        var agreement = (await session.LoadAsync<Agreement>(agreementId, ct))!;
        if (baseVersion > agreement.CurrentVersion)
        {
            return new Drafted(Problems.Unprocessable(
                $"There is no version {baseVersion} yet; the current version is {agreement.CurrentVersion}. Write the changes against it."), agreement, null, baseVersion);
        }

        var versions = (await session.LoadManyAsync<AgreementVersion>(ct,
                AgreementVersion.IdFor(agreementId, baseVersion), AgreementVersion.IdFor(agreementId, agreement.CurrentVersion)))
            .ToDictionary(v => v.Number);
        var since = baseVersion == agreement.CurrentVersion
            ? []
            : await session.Query<AgreementVersion>()
                .Where(v => v.AgreementId == agreementId && v.Number > baseVersion)
                .OrderBy(v => v.Number)
                .Select(v => new VersionEffects(v.Number, v.Effects))
                .ToListAsync(ct);
        var named = changes.OfType<AddClause>().Select(a => a.ClauseId).OfType<Guid>().Distinct().Select(id => id.ToString()).ToArray();
        var used = named.Length == 0 ? [] : await session.QueryAsync<string>(
            $"select distinct e ->> 'ClauseId' from {CritterStack.Schema}.mt_doc_agreementversion v cross join lateral jsonb_array_elements(v.data -> 'Effects') e where e ->> 'ClauseId' = any(?)",
            ct, (object)named);
        var draft = Reused(changes, used.Select(Guid.Parse).ToHashSet()) is { } reused
            ? new Draft([], versions[baseVersion].Clauses, [], reused)
            : Rebase.Prepare(versions[baseVersion].Clauses, versions[agreement.CurrentVersion].Clauses, since, changes, Guid.CreateVersion7);
        return new Drafted(Problem(draft, versions[baseVersion].Clauses, agreement.CurrentVersion), agreement, draft, baseVersion);
    }

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

    /// <summary>422 when a change cannot apply (which one, which clause, why); 409 naming the conflicts when the agreement moved on under it.</summary>
    public static ProblemDetails Problem(Draft draft, IReadOnlyList<Clause> baseOutline, int currentVersion)
    {
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
                $"clause {Outline.NumberOf(baseOutline, c.ClauseId) ?? c.ClauseId.ToString()} was {c.Change.ToString().ToLowerInvariant()} in version {c.Version}");
            var problem = Problems.Conflict(
                $"The agreement has changed where these changes apply: {string.Join("; ", described)}. Revise them against version {currentVersion}.");
            problem.Title = "The proposal conflicts with later versions";
            problem.Extensions["conflicts"] = draft.Conflicts;
            return problem;
        }

        return WolverineContinue.NoProblems;
    }

    /// <summary>Who may change a proposal: its author, as a member, while no vote is open and it is not decided.</summary>
    public static async Task<ProblemDetails> RequireAuthorOfDraftAsync(IQuerySession session, Proposal proposal, ClaimsPrincipal user, string doing,
        CancellationToken ct)
    {
        var access = await session.RequireAsync(proposal.AgreementId, user, AgreementRole.Member, ct);
        if (access != WolverineContinue.NoProblems)
        {
            return access;
        }

        if (user.ParticipantId() != proposal.AuthorId)
        {
            return Problems.Create(StatusCodes.Status403Forbidden, $"Only the proposal's author may {doing} it.");
        }

        return proposal.IsDraft
            ? WolverineContinue.NoProblems
            : Problems.Conflict(proposal.Status == ProposalStatus.Voting
                ? $"A vote is open on this proposal, so it cannot be {doing}d: ballots must refer to the exact text being voted on."
                : $"This proposal is {proposal.Status.ToString().ToLowerInvariant()}; it can no longer be {doing}d.");
    }
}

public sealed class ChangesValidator : AbstractValidator<IReadOnlyList<Change>>
{
    public const string Missing = "'changes' needs at least one change.";

    public ChangesValidator()
    {
        RuleFor(x => x).NotEmpty().WithMessage(Missing)
            .Must(c => c.Count <= Drafting.MaxChanges).WithMessage($"A proposal can make at most {Drafting.MaxChanges} changes.");
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
