using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Participants;

public static class GetParticipantEndpoint
{
    /// <summary>The participant, when the caller may see them: the administrator, or they themself.</summary>
    public static async Task<Participant?> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        user.MayActFor(id) ? await session.LoadAsync<Participant>(id, ct) : null;

    public static ProblemDetails Validate(Participant? participant) => participant is null ? Problems.NotFound("participant") : WolverineContinue.NoProblems;

    /// <summary>A participant, as the administrator or the participant themself sees them.</summary>
    [WolverineGet("/participants/{id}", OperationId = "getParticipant")]
    public static ParticipantView Get(Participant participant) => ParticipantView.From(participant);
}
