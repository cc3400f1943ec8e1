using AgreementService.Access;
using AgreementService.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Participants;

public static class ListParticipantsEndpoint
{
    public static ProblemDetails Validate(int? page, int? pageSize) => Paging.Problem(page, pageSize);

    /// <summary>Every registered participant, by name, a page at a time.</summary>
    [WolverineGet("/participants", OperationId = "listParticipants")]
    [Authorize(Policy = Caller.AdministratorPolicy)]
    public static Task<Paged<ParticipantView>> Get(int? page, int? pageSize, IQuerySession session, CancellationToken ct) =>
        Paging.Of(page, pageSize).ListAsync(session.Query<Participant>(), q => q.OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Select(p => new ParticipantView(p.Id, p.Name, p.Email, p.OrganisationId, p.RegisteredAt)), ct);
}
