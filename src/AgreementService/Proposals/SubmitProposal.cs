using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Agreements;
using AgreementService.Infrastructure;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Proposals;

/// <summary>A proposal: what it changes, and why.</summary>
/// <param name="Title" example="Plain language for the participation clauses">What the proposal does, in a line.</param>
/// <param name="Rationale" example="Newcomers told us the participation clauses are hard to follow.">Why, for those who will vote on it.</param>
/// <param name="BaseVersion" example="1">The version the changes were written against.</param>
/// <param name="Changes">What it changes, in order: each an amend, add, move or remove.</param>
public sealed record SubmitProposal(string Title, string Rationale, int? BaseVersion, IReadOnlyList<Change> Changes);

public sealed class SubmitProposalValidator : AbstractValidator<SubmitProposal>
{
    public const int MaxTitle = 200;
    public const int MaxRationale = 20_000;

    public SubmitProposalValidator()
    {
        RuleFor(x => x.Title).NotEmpty().MaximumLength(MaxTitle);
        RuleFor(x => x.Rationale).NotEmpty().MaximumLength(MaxRationale);
        RuleFor(x => x.BaseVersion).NotNull().GreaterThanOrEqualTo(1);
        RuleFor(x => x.Changes).ValidChanges();
    }
}

public static class SubmitProposalEndpoint
{
    public static Task<(Standing, DraftSource?)> LoadAsync(Guid id, SubmitProposal command, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        LoadDraftAsync(id, command.BaseVersion!.Value, command.Changes, user, session, ct);

    public static ProblemDetails Validate(SubmitProposal command, Standing standing, DraftSource? source) => CheckDraft(command.Changes, standing, source);

    /// <summary>The caller's standing and, for a member, what a draft's changes are checked against (submitting and previewing a draft).</summary>
    public static async Task<(Standing, DraftSource?)> LoadDraftAsync(Guid id, int baseVersion, IReadOnlyList<Change> changes, ClaimsPrincipal user,
        IQuerySession session, CancellationToken ct)
    {
        var standing = await Standing.LoadAsync(session, id, user, ct);
        return (standing, standing.May(AgreementRole.Member, asParticipant: true)
            && await session.LoadAsync<Agreement>(id, ct) is { } agreement
            ? await DraftSource.LoadAsync(session, agreement, baseVersion, changes, ct)
            : null);
    }

    /// <summary>A member may draft, and the changes apply to their base version (rebased onto the current one if need be).</summary>
    public static ProblemDetails CheckDraft(IReadOnlyList<Change> changes, Standing standing, DraftSource? source) =>
        standing.Require(AgreementRole.Member, asParticipant: true).Then(() => source?.Problem(changes) ?? Problems.NotFound("agreement"));

    /// <summary>
    /// A proposal against <c>baseVersion</c>. When the agreement has moved on but not where the changes apply,
    /// it is rebased onto the current version.
    /// </summary>
    [WolverinePost("/agreements/{id}/proposals", OperationId = "submitProposal")]
    public static (Created<ProposalView>, IStartStream) Post(Guid id, [FromBody] SubmitProposal command, DraftSource source, ClaimsPrincipal user,
        TimeProvider clock)
    {
        var (baseVersion, rebasedFrom) = source.Base;
        var submitted = new ProposalSubmitted(Guid.CreateVersion7(), id, user.ParticipantId()!.Value, command.Title.Trim(), command.Rationale.Trim(),
            baseVersion, rebasedFrom, source.Prepare(command.Changes).Changes, user.Actor(), clock.GetUtcNow());
        return (TypedResults.Created($"/proposals/{submitted.ProposalId}", ProposalView.From(Proposal.Create(submitted), user.AsPerson())),
            MartenOps.StartStream<Proposal>(submitted.ProposalId, submitted));
    }
}
