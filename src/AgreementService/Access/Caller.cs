using System.Security.Claims;

namespace AgreementService.Access;

/// <summary>Who is calling, as the bearer token says; read from the authenticated principal.</summary>
public static class Caller
{
    public const string AdministratorRole = "administrator";
    public const string AdministratorPolicy = "administrator";
    public const string OrganisationClaim = "organisation";

    /// <summary>The authentication scheme every endpoint uses: a bearer token, else the session cookie.</summary>
    public const string Scheme = "BearerOrSession";

    /// <summary>How the audit trail names the service itself, when it acts on its own (closing a vote at its deadline).</summary>
    public const string Service = "system";

    public static bool IsAdministrator(this ClaimsPrincipal user) => user.IsInRole(AdministratorRole);

    /// <summary>The participant the token was issued to; null for the administrator's configured token.</summary>
    public static Guid? ParticipantId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>How the audit trail names the caller.</summary>
    public static string Actor(this ClaimsPrincipal user) =>
        user.ParticipantId()?.ToString() ?? (user.IsAdministrator() ? AdministratorRole : "anonymous");

    /// <summary>The caller as answers name who acted: the participant (with the name their token carries), or the administrator.</summary>
    public static Person AsPerson(this ClaimsPrincipal user) =>
        user.ParticipantId() is { } id ? new Person(id, user.Identity?.Name ?? Person.Unregistered) : Person.Named(user.Actor());

    /// <summary>The administrator may act for anyone; a participant only for themself.</summary>
    public static bool MayActFor(this ClaimsPrincipal user, Guid participantId) =>
        user.IsAdministrator() || user.ParticipantId() == participantId;
}
