using AgreementService.Access;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace AgreementService.Participants;

public static class ListParticipantsEndpoint
{
    [WolverineGet("/participants", OperationId = "listParticipants")]
    [Authorize(Policy = Caller.AdministratorPolicy)]
    public static async Task<IReadOnlyList<ParticipantView>> Get(IQuerySession session, CancellationToken ct) =>
        (await session.Query<Participant>().OrderBy(p => p.Name).ToListAsync(ct)).Select(ParticipantView.From).ToList();
}
