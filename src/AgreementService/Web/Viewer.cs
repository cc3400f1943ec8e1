using System.Security.Claims;
using AgreementService.Access;

namespace AgreementService.Web;

/// <summary>Who is reading a page: the signed-in person, as their session names them.</summary>
public sealed record Viewer(Guid? ParticipantId, string Name, bool Administrator)
{
    public static Viewer? Of(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true
        ? new Viewer(user.ParticipantId(), user.Identity.Name ?? "", user.IsAdministrator())
        : null;
}
