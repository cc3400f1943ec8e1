using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Organisations;
using Marten;
using Wolverine.Http;

namespace AgreementService.Participants;

public sealed record AgreementRoleView(Guid AgreementId, AgreementRole Role);

public sealed record MeView(bool Administrator, ParticipantView? Participant, OrganisationView? Organisation, IReadOnlyList<AgreementRoleView> Agreements);

public static class MeEndpoint
{
    /// <summary>Who the token belongs to: the participant and their organisation (both null for the administrator's token), whether they are the administrator, and their role in each agreement.</summary>
    [WolverineGet("/me", OperationId = "getMe")]
    public static async Task<MeView> Get(ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        if (user.ParticipantId() is not { } id || await session.LoadAsync<Participant>(id, ct) is not { } participant)
        {
            return new MeView(user.IsAdministrator(), null, null, []);
        }

        var organisation = participant.OrganisationId is { } organisationId ? await session.LoadAsync<Organisation>(organisationId, ct) : null;
        var roles = await session.Query<AgreementMembership>().Where(m => m.ParticipantId == id).ToListAsync(ct);
        return new MeView(user.IsAdministrator(), ParticipantView.From(participant), organisation is null ? null : OrganisationView.From(organisation),
            roles.Select(m => new AgreementRoleView(m.AgreementId, m.Role)).ToList());
    }
}
