using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Participants;

public static class RevokeTokenEndpoint
{
    public static ProblemDetails Validate(Participant participant, Guid tokenId, ClaimsPrincipal user) =>
        !user.MayActFor(participant.Id) ? Problems.NotFound("participant")
        : participant.Tokens.All(t => t.Id != tokenId) ? Problems.NotFound("token of this participant")
        : WolverineContinue.NoProblems;

    /// <summary>Revoking is idempotent: revoking a revoked token changes nothing and still answers 204.</summary>
    [WolverineDelete("/participants/{id}/tokens/{tokenId}", OperationId = "revokeToken")]
    [EmptyResponse]
    public static Events Delete([WriteAggregate] Participant participant, Guid tokenId, ClaimsPrincipal user, TimeProvider clock) =>
        participant.Tokens.Single(t => t.Id == tokenId).RevokedAt is null
            ? [new AccessTokenRevoked(participant.Id, tokenId, clock.GetUtcNow(), user.Actor())]
            : [];
}
