using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Agreements;
using AgreementService.Infrastructure;
using AgreementService.Proposals;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Wolverine.Http;

namespace AgreementService.Publishing;

public static class AgreementDiffEndpoint
{
    public static Task<Standing> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) => Standing.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(Standing standing) => standing.Require(AgreementRole.Observer);

    /// <summary>
    /// Clause by clause, what changed from version <c>from</c> to version <c>to</c> (by default, what the current
    /// version changed). By Accept: application/json, text/html (ins/del), text/markdown (CriticMarkup), text/x-diff.
    /// </summary>
    [WolverineGet("/agreements/{id}/diff", OperationId = "diffVersions")]
    [EnableRateLimiting(RateLimits.Comparisons)]
    [ProducesResponseType(typeof(AgreementDiff), 200, Representation.Json, Representation.Html, Representation.Markdown, Representation.UnifiedDiff)]
    public static async Task<IResult> Get(Guid id, int? from, int? to, IQuerySession session, CancellationToken ct) =>
        await Publication.DiffAsync(session, (await session.LoadAsync<Agreement>(id, ct))!, from, to, Representation.Private, ct);
}

public static class ProposalDiffEndpoint
{
    public static Task<(Proposal?, Standing, DraftSource?)> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        PreviewProposalEndpoint.LoadAsync(id, user, session, ct);

    public static ProblemDetails Validate(Proposal? proposal, Standing standing, DraftSource? source) => PreviewProposalEndpoint.Validate(proposal, standing, source);

    /// <summary>What the proposal would change in the current version, in the same formats as the agreement's diff.</summary>
    [WolverineGet("/proposals/{id}/diff", OperationId = "diffProposal")]
    [EnableRateLimiting(RateLimits.Comparisons)]
    [ProducesResponseType(StatusCodes.Status409Conflict)] // as the preview: the changes no longer apply to the current version
    [ProducesResponseType(typeof(AgreementDiff), 200, Representation.Json, Representation.Html, Representation.Markdown, Representation.UnifiedDiff)]
    public static IResult Get(Proposal proposal, DraftSource source, CancellationToken ct)
    {
        var current = source.Agreement.CurrentVersion;
        var preview = source.Prepare(proposal.Changes).Preview;
        return Publication.Changes(new AgreementDiff(current, current + 1, Diff.Between(source.CurrentOutline, preview, ct)), source.CurrentOutline, preview,
            Representation.Private);
    }
}

public static class ProposalDocumentEndpoint
{
    public static Task<(Proposal?, Standing)> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Proposal.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(Standing standing) => standing.Require(AgreementRole.Observer);

    /// <summary>
    /// The proposal as a document to review, against the version it applies to (a ratified one: the version before it;
    /// an open one: the current version, or the version it was written for when its changes no longer apply there). By
    /// Accept: application/json (the diff), Word with the changes as tracked changes (author and date the proposal's), a
    /// print-friendly PDF (inserted words underlined, deleted ones struck through), or an Akoma Ntoso 3.0 amendment.
    /// </summary>
    [WolverineGet("/proposals/{id}/document", OperationId = "getProposalDocument")]
    [EnableRateLimiting(RateLimits.Comparisons)]
    [ProducesResponseType(typeof(AgreementDiff), 200, Representation.Json, Exports.Word, Exports.Pdf, Exports.AkomaNtoso)]
    public static async Task<IResult> Get(Proposal proposal, IQuerySession session, CancellationToken ct) =>
        Publication.Proposed(await Amendment.LoadAsync(session, proposal, ct));
}

/// <summary>
/// A version in which the clause changed: what was done to it, by which proposal, and its text before and after, with the
/// word-level difference from before to after (as an agreement's diff gives it: all inserted when the clause was added,
/// all deleted when it was removed, all equal when it only moved), so that a reader needs no diff of their own.
/// </summary>
public sealed record ClauseHistoryEntry(int Version, DateTimeOffset RatifiedAt, Guid? ProposalId, string Title, IReadOnlyList<ClauseChangeKind> Changes,
    IReadOnlyList<Change> ByChanges, string? NumberBefore, string? HeadingBefore, string? TextBefore, string? NumberAfter, string? HeadingAfter, string? TextAfter,
    IReadOnlyList<TextSegment> HeadingSegments, IReadOnlyList<TextSegment> TextSegments);

public static class ClauseHistoryEndpoint
{
    public static Task<Standing> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) => Standing.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(Standing standing) => standing.Require(AgreementRole.Observer);

    /// <summary>Every version in which the clause was added, amended, moved or removed, oldest first.</summary>
    [WolverineGet("/agreements/{id}/clauses/{clauseId}/history", OperationId = "getClauseHistory")]
    [ProducesResponseType(typeof(List<ClauseHistoryEntry>), 200)]
    [EnableRateLimiting(RateLimits.Comparisons)]
    public static async Task<IResult> Get(Guid id, Guid clauseId, IQuerySession session, CancellationToken ct)
    {
        var versions = await session.Query<AgreementVersion>()
            .Where(v => v.AgreementId == id && v.Effects.Any(e => e.ClauseId == clauseId))
            .OrderBy(v => v.Number)
            .ToListAsync(ct);
        if (versions.Count == 0)
        {
            return TypedResults.Problem(Problems.NotFound("clause in this agreement"));
        }

        var budget = DiffBudget.ForRendering();
        var previous = (await session.LoadManyAsync<AgreementVersion>(ct, versions.Where(v => v.Number > 1).Select(v => AgreementVersion.IdFor(id, v.Number - 1))))
            .ToDictionary(v => v.Number);
        return TypedResults.Ok(versions.Select(v =>
        {
            var earlier = previous.GetValueOrDefault(v.Number - 1)?.Clauses ?? [];
            var before = Outline.Find(earlier, clauseId);
            var after = Outline.Find(v.Clauses, clauseId);

            // The changes that did it: those naming the clause, and a removal of a section it stood in.
            bool Touches(Change change) => OutlineEditor.References(change).Contains(clauseId) || change is AddClause a && a.ClauseId == clauseId
                || change is RemoveClause r && Outline.Find(earlier, r.ClauseId) is { } removed && Outline.Find([removed], clauseId) is not null;
            return new ClauseHistoryEntry(v.Number, v.RatifiedAt, v.ProposalId, v.Title,
                [.. v.Effects.Where(e => e.ClauseId == clauseId).Select(e => e.Kind).Distinct()], [.. v.Changes.Where(Touches)],
                before is null ? null : Outline.NumberOf(earlier, clauseId), before?.Heading, before?.Text,
                after is null ? null : Outline.NumberOf(v.Clauses, clauseId), after?.Heading, after?.Text,
                Diff.Words(before?.Heading, after?.Heading, budget), Diff.Words(before?.Text, after?.Text, budget));
        }).ToList());
    }
}
