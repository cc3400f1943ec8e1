using System.Security.Claims;
using AgreementService.Agreements;
using AgreementService.Infrastructure;
using AgreementService.Proposals;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Access;

/// <summary>Roles are per agreement and ordered: each may do all that the one before it may.</summary>
public enum AgreementRole
{
    Observer = 1,
    Member = 2,
    Facilitator = 3,
}

/// <summary>A participant's role in one agreement. Id is "{agreementId}/{participantId}".</summary>
public sealed record AgreementMembership(string Id, Guid AgreementId, Guid ParticipantId, AgreementRole Role)
{
    public static string IdFor(Guid agreementId, Guid participantId) => $"{agreementId}/{participantId}";
}

public static class AgreementAccess
{
    /// <summary>
    /// Whether the caller may do what needs <paramref name="required"/> on an agreement where they hold
    /// <paramref name="held"/> (null: not a member). The administrator may do everything. A caller who may not
    /// even see the agreement gets 404, not 403, so agreement ids cannot be probed; one who may see it but
    /// lacks the role gets 403 saying which role is needed.
    /// </summary>
    public static ProblemDetails Check(ClaimsPrincipal caller, AgreementRole? held, AgreementRole required)
    {
        if (caller.IsAdministrator() || held >= required)
        {
            return WolverineContinue.NoProblems;
        }

        return held is null
            ? Problems.NotFound("agreement")
            : Problems.Create(StatusCodes.Status403Forbidden,
                $"This needs the {required.ToString().ToLowerInvariant()} role in this agreement; you are {Article(held.Value)} {held.Value.ToString().ToLowerInvariant()}. A facilitator can change your role.");
    }

    /// <summary>
    /// The one line each agreement endpoint needs: may this caller do what needs <paramref name="required"/> on
    /// this agreement? Unknown agreements and agreements the caller is not a member of are both 404. With
    /// <paramref name="asParticipant"/> (proposals, comments, ballots are written in a participant's own name)
    /// the administrator's token, which is no one's, is refused.
    /// </summary>
    public static async Task<ProblemDetails> RequireAsync(this IQuerySession session, Guid agreementId, ClaimsPrincipal caller,
        AgreementRole required, CancellationToken ct, bool asParticipant = false)
    {
        if (caller.IsAdministrator())
        {
            return await session.LoadAsync<Agreement>(agreementId, ct) is null ? Problems.NotFound("agreement")
                : asParticipant && caller.ParticipantId() is null ? Problems.Create(StatusCodes.Status403Forbidden,
                    "This is done in a participant's own name, and the administrator's token belongs to no participant. Use a participant's token.")
                : WolverineContinue.NoProblems;
        }

        return Check(caller, await session.RoleAsync(agreementId, caller, ct), required);
    }

    /// <summary>The same for something of a proposal's: the proposal's agreement decides; an unknown proposal is 404.</summary>
    public static async Task<ProblemDetails> RequireAsync(this IQuerySession session, Proposal? proposal, ClaimsPrincipal caller,
        AgreementRole required, CancellationToken ct, bool asParticipant = false) =>
        proposal is null ? Problems.NotFound("proposal") : await session.RequireAsync(proposal.AgreementId, caller, required, ct, asParticipant);

    public static async Task<AgreementRole?> RoleAsync(this IQuerySession session, Guid agreementId, ClaimsPrincipal caller, CancellationToken ct) =>
        caller.ParticipantId() is { } participantId
            ? (await session.LoadAsync<AgreementMembership>(AgreementMembership.IdFor(agreementId, participantId), ct))?.Role
            : null;

    private static string Article(AgreementRole role) => role == AgreementRole.Observer ? "an" : "a";
}
