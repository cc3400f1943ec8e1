using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using AgreementService.Votes;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Agreements;

public static class RemoveMemberEndpoint
{
    /// <summary>The membership, the caller's standing and — for a facilitator — the open votes the member leaves, locked.</summary>
    public static async Task<(AgreementMembership?, Standing, LockedVotes)> LoadAsync(Agreement agreement, Guid participantId, ClaimsPrincipal user,
        IDocumentSession session, CancellationToken ct)
    {
        var standing = await Standing.LoadAsync(session, agreement.Id, user, ct);
        return (await session.LoadAsync<AgreementMembership>(AgreementMembership.IdFor(agreement.Id, participantId), ct), standing,
            standing.May(AgreementRole.Facilitator)
                ? await Electorate.LoadAsync(session, agreement.Id, participantId, ct)
                : LockedVotes.None);
    }

    public static ProblemDetails Validate(Agreement agreement, Guid participantId, AgreementMembership? membership, Standing standing) =>
        standing.Require(AgreementRole.Facilitator).Then(() => membership is null
            ? Problems.NotFound("member of this agreement")
            : agreement.KeepsAFacilitator(participantId, null));

    /// <summary>Ends the member's access at once; they leave the electorate of every vote open in the agreement.</summary>
    [WolverineDelete("/agreements/{id}/members/{participantId}", OperationId = "removeMember")]
    [EmptyResponse]
    public static (Events, IEnumerable<IMartenOp>, OutgoingMessages) Delete([WriteAggregate] Agreement agreement, Guid participantId, [NotBody] LockedVotes open,
        ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var (left, closes) = Electorate.Leave(open, participantId, Electorate.Removed, user.Actor(), now);
        return ([new MemberRemoved(agreement.Id, participantId, user.Actor(), now)], left, closes);
    }
}
