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
    /// <param name="page">Which page, from 1.</param>
    /// <param name="pageSize">How many items a page holds.</param>
    /// <param name="signedIn">false: only those who have never signed in (invitations not taken up); true: only those who have; left out: everyone.</param>
    /// <param name="session">The database.</param>
    /// <param name="ct">The request's cancellation.</param>
    [WolverineGet("/participants", OperationId = "listParticipants")]
    [Authorize(Policy = Caller.AdministratorPolicy)]
    public static Task<Paged<ParticipantView>> Get(int? page, int? pageSize, bool? signedIn, IQuerySession session, CancellationToken ct) =>
        Paging.Of(page, pageSize).ListAsync(
            signedIn switch
            {
                true => session.Query<Participant>().Where(p => p.SignedInAt != null),
                false => session.Query<Participant>().Where(p => p.SignedInAt == null),
                null => session.Query<Participant>(),
            },
            q => q.OrderBy(p => p.Name).ThenBy(p => p.Id)
                .Select(p => new ParticipantView(p.Id, p.Name, p.Email, p.OrganisationId, p.RegisteredAt, p.SignedInAt, p.Appointed)), ct);
}
