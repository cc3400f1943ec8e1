using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Agreements;
using AgreementService.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Wolverine.Http;

namespace AgreementService.Proposals;

public static class ListProposalsEndpoint
{
    public static Task<Standing> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) => Standing.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(string? status, int? page, int? pageSize, Standing standing) =>
        standing.Require(AgreementRole.Observer).Then(() =>
            status is not null && !Enum.TryParse<ProposalStatus>(status, ignoreCase: true, out _)
                ? Problems.Create(StatusCodes.Status400BadRequest,
                    $"'{status}' is not a proposal status. Use one of: {string.Join(", ", Enum.GetNames<ProposalStatus>().Select(n => n.ToLowerInvariant()))}.")
                : Paging.Problem(page, pageSize));

    /// <summary>The agreement's proposals, newest first, a page at a time; <c>status</c> (open, voting, ratified, rejected, withdrawn, conflicted) narrows them.</summary>
    [WolverineGet("/agreements/{id}/proposals", OperationId = "listProposals")]
    public static async Task<Paged<ProposalView>> Get(Guid id, string? status, int? page, int? pageSize, IQuerySession session, CancellationToken ct)
    {
        var query = session.Query<Proposal>().Where(p => p.AgreementId == id);
        if (status is not null)
        {
            var wanted = Enum.Parse<ProposalStatus>(status, ignoreCase: true);
            query = query.Where(p => p.Status == wanted);
        }

        var proposals = await Paging.Of(page, pageSize).ListAsync(query, q => q.OrderByDescending(p => p.SubmittedAt).ThenByDescending(p => p.Id), ct);
        var authors = await People.LoadAsync(session, proposals.Items.Select(p => p.AuthorId), ct);
        return proposals.Map(p => ProposalView.From(p, authors));
    }
}

public static class GetProposalEndpoint
{
    public static Task<(Proposal?, Standing)> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Proposal.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(Standing standing) => standing.Require(AgreementRole.Observer);

    /// <summary>The proposal: its author, title, rationale, status, the version it applies to and its changes, as last revised.</summary>
    [WolverineGet("/proposals/{id}", OperationId = "getProposal")]
    public static async Task<ProposalView> Get(Proposal proposal, IQuerySession session, CancellationToken ct) =>
        ProposalView.From(proposal, await People.LoadAsync(session, [proposal.AuthorId], ct));
}

/// <summary>One revision of a proposal's changes (the first as submitted): who wrote it, and when.</summary>
public sealed record RevisionView(int Revision, int BaseVersion, int? RebasedFrom, IReadOnlyList<Change> Changes, string? Note, Person RevisedBy,
    DateTimeOffset RevisedAt);

public static class ListRevisionsEndpoint
{
    public static Task<(Proposal?, Standing)> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Proposal.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(Standing standing) => standing.Require(AgreementRole.Observer);

    /// <summary>Every revision of the proposal's changes, the first as submitted.</summary>
    [WolverineGet("/proposals/{id}/revisions", OperationId = "listRevisions")]
    public static async Task<IReadOnlyList<RevisionView>> Get(Guid id, IQuerySession session, CancellationToken ct)
    {
        var events = (await session.Events.FetchStreamAsync(id, token: ct)).Select(e => e.Data).ToList();
        var people = await People.LoadAsync(session, events.OfType<IAgreementEvent>().Select(e => Person.IdIn(e.By)).OfType<Guid>(), ct);
        return events.Select(e => e switch
        {
            ProposalSubmitted s => new RevisionView(1, s.BaseVersion, s.RebasedFrom, s.Changes, null, people.Of(s.By), s.At),
            ProposalRevised r => new RevisionView(r.Revision, r.BaseVersion, r.RebasedFrom, r.Changes, r.Note, people.Of(r.By), r.At),
            _ => null,
        }).OfType<RevisionView>().ToList();
    }
}

public sealed record ProposalPreview(Guid AgreementId, Guid ProposalId, int CurrentVersion, IReadOnlyList<NumberedClause> Clauses);

public static class PreviewProposalEndpoint
{
    /// <summary>The proposal, the caller's standing, and what its changes are checked against (when the caller may see it).</summary>
    public static async Task<(Proposal?, Standing, DraftSource?)> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var (proposal, standing) = await Proposal.LoadAsync(session, id, user, ct);
        return (proposal, standing, proposal is not null && standing.Visible
            ? await DraftSource.LoadAsync(session, (await session.LoadAsync<Agreement>(proposal.AgreementId, ct))!, proposal.BaseVersion, proposal.Changes, ct)
            : null);
    }

    public static ProblemDetails Validate(Proposal? proposal, Standing standing, DraftSource? source) =>
        standing.Require(AgreementRole.Observer).Then(() => source!.ReadProblem(proposal!.Changes));

    /// <summary>The agreement as it would read, at its current version, with the proposal applied.</summary>
    [WolverineGet("/proposals/{id}/preview", OperationId = "previewProposal")]
    [EnableRateLimiting(RateLimits.Comparisons)]
    [ProducesResponseType(StatusCodes.Status409Conflict)] // the changes no longer apply to the current version: its author must revise it
    public static ProposalPreview Get(Proposal proposal, DraftSource source) =>
        new(source.Agreement.Id, proposal.Id, source.Agreement.CurrentVersion, Outline.Number(source.Prepare(proposal.Changes).Preview));
}
