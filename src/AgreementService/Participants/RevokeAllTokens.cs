using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Participants;

public static class RevokeAllTokensEndpoint
{
    public static ProblemDetails Validate(Participant participant, ClaimsPrincipal user) =>
        user.MayActFor(participant.Id) ? WolverineContinue.NoProblems : Problems.NotFound("participant");

    /// <summary>"Sign out everywhere": every token of the participant stops working at once, the one used for this request too.</summary>
    [WolverineDelete("/participants/{id}/tokens", OperationId = "revokeAllTokens")]
    [EmptyResponse]
    public static Events Delete([WriteAggregate] Participant participant, ClaimsPrincipal user, TimeProvider clock) =>
        [.. participant.Tokens.Where(t => t.RevokedAt is null).Select(t => new AccessTokenRevoked(participant.Id, t.Id, clock.GetUtcNow(), user.Actor()))];
}
