using Microsoft.AspNetCore.Mvc;
using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using Marten;
using Wolverine.Http;

namespace AgreementService.Participants;

public static class ListTokensEndpoint
{
    /// <summary>The participant's tokens, never their secret part: when each was issued and revoked. The administrator or the participant themself.</summary>
    [WolverineGet("/participants/{id}/tokens", OperationId = "listTokens")]
    [ProducesResponseType(typeof(List<TokenView>), 200)]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var participant = user.MayActFor(id) ? await session.LoadAsync<Participant>(id, ct) : null;
        return participant is null
            ? Results.Problem(Problems.NotFound("participant"))
            : Results.Ok(participant.Tokens.Select(TokenView.From).ToList());
    }
}
