using System.Security.Claims;
using AgreementService.Infrastructure;
using AgreementService.Participants;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Access;

/// <summary>
/// The people who are administrators: those whose email is in <c>Agreements:Administrators</c> (a list, or one string
/// separated by commas), and those another administrator appointed. A configured address needs no participant before:
/// the first sign-in request from it registers one. The configured administrator token stays, for tools and the first start.
/// </summary>
public sealed class Administrators(IConfiguration configuration)
{
    public const string Setting = "Agreements:Administrators";

    private readonly HashSet<string> _emails = Read(configuration);

    private static HashSet<string> Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Setting);
        return (section.Value?.Split(',') ?? section.GetChildren().Select(c => c.Value ?? "").ToArray())
            .Select(RegisterParticipantEndpoint.NormaliseEmail).Where(e => e.Length > 0).ToHashSet(StringComparer.Ordinal);
    }

    public bool Configured(string email) => _emails.Contains(RegisterParticipantEndpoint.NormaliseEmail(email));

    public bool Is(Participant participant) => participant.Appointed || Configured(participant.Email);

    /// <summary>What a participant is as a caller, however they authenticated (a bearer token or a session): the same claims.</summary>
    public ClaimsPrincipal Principal(Participant participant, string scheme)
    {
        List<Claim> claims = [new(ClaimTypes.NameIdentifier, participant.Id.ToString()), new(ClaimTypes.Name, participant.Name)];
        if (participant.OrganisationId is { } organisation)
        {
            claims.Add(new Claim(Caller.OrganisationClaim, organisation.ToString()));
        }

        if (Is(participant))
        {
            claims.Add(new Claim(ClaimTypes.Role, Caller.AdministratorRole));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}

[Authorize(Policy = Caller.AdministratorPolicy)]
public static class AdministratorEndpoints
{
    /// <summary>Makes the participant an administrator: they may then do all the administrator's token may, signed in as themself.</summary>
    [WolverinePut("/participants/{id}/administrator", OperationId = "appointAdministrator")]
    public static (ParticipantView, Events) Put([WriteAggregate] Participant participant, ClaimsPrincipal user, TimeProvider clock) =>
        participant.Appointed
            ? (ParticipantView.From(participant), [])
            : (ParticipantView.From(participant with { Appointed = true }), [new AdministratorAppointed(participant.Id, clock.GetUtcNow(), user.Actor())]);

    /// <summary>Ends an appointment (an address named in Agreements:Administrators stays an administrator until it is taken out of the configuration).</summary>
    [WolverineDelete("/participants/{id}/administrator", OperationId = "dismissAdministrator")]
    [EmptyResponse]
    public static Events Delete([WriteAggregate] Participant participant, ClaimsPrincipal user, TimeProvider clock) =>
        participant.Appointed ? [new AdministratorDismissed(participant.Id, clock.GetUtcNow(), user.Actor())] : [];
}
