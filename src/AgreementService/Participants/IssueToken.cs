using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Participants;

/// <summary>The only time the token itself is ever shown.</summary>
public sealed record TokenIssued(Guid Id, string Token, Guid ParticipantId);

public static class IssueTokenEndpoint
{
    public static ProblemDetails Validate(Participant participant, ClaimsPrincipal user) =>
        user.MayActFor(participant.Id) ? WolverineContinue.NoProblems : Problems.NotFound("participant");

    /// <summary>A new personal token for the participant (the administrator, or the participant themself). The answer is the only time the token is shown: keep it.</summary>
    [WolverinePost("/participants/{id}/tokens", OperationId = "issueToken")]
    public static (Created<TokenIssued>, Events) Post([WriteAggregate] Participant participant, ClaimsPrincipal user, TimeProvider clock)
    {
        var token = Tokens.NewToken();
        var issued = new AccessTokenIssued(participant.Id, Guid.CreateVersion7(), Tokens.Hash(token), clock.GetUtcNow(), user.Actor());
        return (TypedResults.Created($"/participants/{participant.Id}/tokens", new TokenIssued(issued.TokenId, token, participant.Id)), [issued]);
    }
}
