using System.Security.Claims;
using AgreementService.Agreements;
using AgreementService.Infrastructure;
using AgreementService.Participants;
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

    private static string Article(AgreementRole role) => role == AgreementRole.Observer ? "an" : "a";
}

/// <summary>
/// The caller's standing in one agreement, loaded once per request: who they are, whether they may see the agreement at
/// all, and the role they hold in it. Every access rule is then decided from it, without the database:
/// <c>standing.Require(AgreementRole.Member)</c> is the one line each use case's <c>Validate</c> starts with.
/// </summary>
public sealed record Standing(ClaimsPrincipal Caller, bool Visible, AgreementRole? Role, string Missing = "agreement")
{
    /// <summary>
    /// Whether the caller may do what needs <paramref name="required"/>. An agreement that does not exist and one the
    /// caller is not a member of are both 404. With <paramref name="asParticipant"/> (proposals, comments and ballots
    /// are written in a participant's own name) the administrator's token, which is no one's, is refused.
    /// </summary>
    public ProblemDetails Require(AgreementRole required, bool asParticipant = false) =>
        !Visible ? Problems.NotFound(Missing)
        : asParticipant && Caller.ParticipantId() is null ? Problems.Create(StatusCodes.Status403Forbidden,
            "This is done in a participant's own name, and the administrator's token belongs to no participant. Use a participant's token.")
        : AgreementAccess.Check(Caller, Role, required);

    /// <summary>Whether <see cref="Require"/> lets the caller through: what a use case asks before loading more for them.</summary>
    public bool May(AgreementRole required, bool asParticipant = false) => ReferenceEquals(Require(required, asParticipant), WolverineContinue.NoProblems);

    /// <summary>The administrator sees every agreement there is; a participant, those they are a member of.</summary>
    public static async Task<Standing> LoadAsync(IQuerySession session, Guid agreementId, ClaimsPrincipal caller, CancellationToken ct)
    {
        if (caller.IsAdministrator())
        {
            return new Standing(caller, await session.LoadAsync<Agreement>(agreementId, ct) is not null, null);
        }

        var role = caller.ParticipantId() is { } participantId
            ? (await session.LoadAsync<AgreementMembership>(AgreementMembership.IdFor(agreementId, participantId), ct))?.Role
            : null;
        return new Standing(caller, role is not null, role);
    }

    /// <summary>
    /// A participant and the caller's standing towards them: the highest role the caller holds in the agreements the
    /// participant is a member of (a facilitator of one of them may act for them there). The administrator sees every
    /// participant; one who shares no agreement with the caller reads as a missing one, as an agreement does.
    /// </summary>
    public static async Task<(Participant?, Standing)> OfParticipantAsync(IQuerySession session, Guid participantId, ClaimsPrincipal caller, CancellationToken ct)
    {
        const string what = "participant";
        AgreementRole? role = null;
        if (!caller.IsAdministrator() && caller.ParticipantId() is { } callerId)
        {
            var theirs = await session.Query<AgreementMembership>().Where(m => m.ParticipantId == participantId).Select(m => m.AgreementId).ToListAsync(ct);
            var held = theirs.Count == 0 ? [] : await session.Query<AgreementMembership>()
                .Where(m => m.ParticipantId == callerId && theirs.Contains(m.AgreementId)).Select(m => m.Role).ToListAsync(ct);
            role = held.Count == 0 ? null : held.Max();
        }

        return (caller.IsAdministrator() || role is not null) && await session.LoadAsync<Participant>(participantId, ct) is { } participant
            ? (participant, new Standing(caller, true, role, what))
            : (null, new Standing(caller, false, null, what));
    }

    /// <summary>
    /// A thing of an agreement's (a proposal, a vote, a comment) and the caller's standing in its agreement; when the thing
    /// is not there, a standing that answers 404 naming it.
    /// </summary>
    public static async Task<(T?, Standing)> LoadAsync<T>(IQuerySession session, Guid id, Func<T, Guid> agreementOf, string what, ClaimsPrincipal caller,
        CancellationToken ct) where T : class =>
        await session.LoadAsync<T>(id, ct) is { } thing
            ? (thing, await LoadAsync(session, agreementOf(thing), caller, ct) with { Missing = what }) // another community's proposal reads as a missing one
            : (null, new Standing(caller, false, null, what));
}
