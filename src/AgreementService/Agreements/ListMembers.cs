using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
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

    public static ProblemDetails Validate(int? page, int? pageSize, Standing standing) =>
        standing.Require(AgreementRole.Observer).Then(() => Paging.Problem(page, pageSize));

    /// <summary>
    /// The agreement's members, facilitators first, then members, then observers, each by name, a page at a time. The
    /// order needs every member's role and name, so those (and no more) are read for all; the page is cut from them.
    /// </summary>
    [WolverineGet("/agreements/{id}/members", OperationId = "listMembers")]
    public static async Task<Paged<MemberView>> Get(Guid id, int? page, int? pageSize, IQuerySession session, CancellationToken ct)
    {
        var members = await session.Query<AgreementMembership>().Where(m => m.AgreementId == id).ToListAsync(ct);
        var ids = members.Select(m => m.ParticipantId).ToArray();
        var people = (await session.Query<Participant>().Where(p => p.Id.IsOneOf(ids)).Select(p => new Person(p.Id, p.Name, p.OrganisationId)).ToListAsync(ct))
            .ToDictionary(p => p.Id);
        return Paging.Of(page, pageSize).Slice(members
            .Select(m => people.GetValueOrDefault(m.ParticipantId) is { } person
                ? new MemberView(m.ParticipantId, person.Name, person.OrganisationId, m.Role)
                : new MemberView(m.ParticipantId, "(unknown)", null, m.Role))
            .OrderByDescending(m => m.Role).ThenBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(m => m.ParticipantId)
            .ToList());
    }

    private sealed record Person(Guid Id, string Name, Guid? OrganisationId);
}
