using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Agreements;
using AgreementService.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Wolverine.Http;

namespace AgreementService.Proposals;

/// <summary>
/// What one revision changed from the one before it (the first: from the version it was written against), clause by clause.
/// <c>toVersion</c> is the version the revision was written against; <c>fromVersion</c> the one the earlier revision is read
/// on: the same, when the earlier revision still applies to it, else its own (and then the differences include what the
/// versions between them changed).
/// </summary>
public sealed record RevisionDiff(int Revision, int FromRevision, int FromVersion, int ToVersion, IReadOnlyList<ClauseDiff> Clauses);

public static class DiffRevisionEndpoint
{
    public static Task<(Proposal?, Standing)> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Proposal.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(int revision, Proposal? proposal, Standing standing) =>
        standing.Require(AgreementRole.Observer).Then(() =>
            revision < 1 || revision > proposal!.Revision ? Problems.NotFound("revision of this proposal") : WolverineContinue.NoProblems);

    /// <summary>What revision <c>revision</c> of the proposal changed from the revision before it, clause by clause, with word-level changes.</summary>
    [WolverineGet("/proposals/{id}/revisions/{revision}/diff", OperationId = "diffRevision")]
    [EnableRateLimiting(RateLimits.Comparisons)]
    public static async Task<RevisionDiff> Get(Guid id, int revision, Proposal proposal, IQuerySession session, CancellationToken ct)
    {
        var revisions = await ListRevisionsEndpoint.Get(id, session, ct);
        var agreement = (await session.LoadAsync<Agreement>(proposal.AgreementId, ct))!;
        var later = revisions[revision - 1];
        var target = later.BaseVersion;
        var onTarget = await DraftSource.LoadOntoAsync(session, agreement, target, target, later.Changes, ct);
        var after = onTarget.Prepare(later.Changes).Preview;
        if (revision == 1)
        {
            return new RevisionDiff(1, 0, target, target, Diff.Between(onTarget.CurrentOutline, after, ct));
        }

        var earlier = revisions[revision - 2];
        var rebased = (await DraftSource.LoadOntoAsync(session, agreement, target, earlier.BaseVersion, earlier.Changes, ct)).Prepare(earlier.Changes);
        var (before, fromVersion) = rebased.Ready
            ? (rebased.Preview, target)
            : ((await DraftSource.LoadOntoAsync(session, agreement, earlier.BaseVersion, earlier.BaseVersion, earlier.Changes, ct)).Prepare(earlier.Changes).Preview,
                earlier.BaseVersion);
        return new RevisionDiff(revision, revision - 1, fromVersion, target, Diff.Between(before, after, ct));
    }
}
