using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Agreements;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Proposals;

/// <summary>A proposal not yet submitted: the same body as submitting one; its title and rationale may still be missing (when given, their length is checked), and are not used.</summary>
/// <param name="Title" example="Plain language for the participation clauses">Not used by the preview (allowed so the submit body can be sent as it is).</param>
/// <param name="Rationale" example="Newcomers told us the participation clauses are hard to follow.">Not used by the preview.</param>
/// <param name="BaseVersion" example="1">The version the changes were written against.</param>
/// <param name="Changes">What it changes, in order: each an amend, add, move or remove.</param>
public sealed record PreviewDraft(string? Title, string? Rationale, int? BaseVersion, IReadOnlyList<Change> Changes);

public sealed class PreviewDraftValidator : AbstractValidator<PreviewDraft>
{
    public PreviewDraftValidator()
    {
        RuleFor(x => x.Title).MaximumLength(SubmitProposalValidator.MaxTitle); // not used, but never more than a proposal may hold
        RuleFor(x => x.Rationale).MaximumLength(SubmitProposalValidator.MaxRationale);
        RuleFor(x => x.BaseVersion).NotNull().GreaterThanOrEqualTo(1);
        RuleFor(x => x.Changes).ValidChanges();
    }
}

/// <summary>
/// A draft's result: the text it would make of the current version (rebased when written against an older one) and,
/// clause by clause, what it changes.
/// </summary>
public sealed record DraftPreview(Guid AgreementId, int BaseVersion, int? RebasedFrom, IReadOnlyList<NumberedClause> Clauses, AgreementDiff Diff);

public static class PreviewDraftEndpoint
{
    public static Task<(Standing, DraftSource?)> LoadAsync(Guid id, PreviewDraft command, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        SubmitProposalEndpoint.LoadDraftAsync(id, command.BaseVersion!.Value, command.Changes, user, session, ct);

    public static ProblemDetails Validate(PreviewDraft command, Standing standing, DraftSource? source) =>
        SubmitProposalEndpoint.CheckDraft(command.Changes, standing, source);

    /// <summary>
    /// What a proposal would make of the text before it is submitted, checked as submitting checks it (the same refusals);
    /// nothing is saved.
    /// </summary>
    [WolverinePost("/agreements/{id}/proposals/preview", OperationId = "previewDraft")]
    public static DraftPreview Post(Guid id, [FromBody] PreviewDraft command, DraftSource source, CancellationToken ct)
    {
        var (baseVersion, rebasedFrom) = source.Base;
        var result = source.Prepare(command.Changes).Preview;
        return new DraftPreview(id, baseVersion, rebasedFrom, Outline.Number(result),
            new AgreementDiff(baseVersion, baseVersion + 1, Diff.Between(source.CurrentOutline, result, ct)));
    }
}
