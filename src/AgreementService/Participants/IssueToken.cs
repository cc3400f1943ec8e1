using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Participants;

/// <summary>The only time the token itself is ever shown.</summary>
public sealed record TokenIssuedResponse(Guid Id, string Token, Guid ParticipantId) : CreationResponse($"/participants/{ParticipantId}/tokens");

public static class IssueTokenEndpoint
{
    public static ProblemDetails Validate(Participant participant, ClaimsPrincipal user) =>
        user.MayActFor(participant.Id) ? WolverineContinue.NoProblems : Problems.NotFound("participant");

    [WolverinePost("/participants/{id}/tokens", OperationId = "issueToken")]
    [Authorize]
    public static (TokenIssuedResponse, Events) Post([WriteAggregate] Participant participant, ClaimsPrincipal user, TimeProvider clock)
    {
        var token = Tokens.NewToken();
        var issued = new AccessTokenIssued(participant.Id, Guid.CreateVersion7(), Tokens.Hash(token), clock.GetUtcNow(), user.Actor());
        return (new TokenIssuedResponse(issued.TokenId, token, participant.Id), [issued]);
    }
}
