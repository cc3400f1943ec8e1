using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Participants;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Agreements;

public sealed record MemberView(Guid ParticipantId, string Name, Guid? OrganisationId, AgreementRole Role);

public static class ListMembersEndpoint
{
    public static Task<Standing> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) => Standing.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(Standing standing) => standing.Require(AgreementRole.Observer);

    [WolverineGet("/agreements/{id}/members", OperationId = "listMembers")]
    public static async Task<IReadOnlyList<MemberView>> Get(Guid id, IQuerySession session, CancellationToken ct)
    {
        var members = await session.Query<AgreementMembership>().Where(m => m.AgreementId == id).ToListAsync(ct);
        var people = (await session.LoadManyAsync<Participant>(ct, members.Select(m => m.ParticipantId))).ToDictionary(p => p.Id);
        return members
            .Select(m => new MemberView(m.ParticipantId, people.GetValueOrDefault(m.ParticipantId)?.Name ?? "(unknown)",
                people.GetValueOrDefault(m.ParticipantId)?.OrganisationId, m.Role))
            .OrderByDescending(m => m.Role).ThenBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
    }
}
