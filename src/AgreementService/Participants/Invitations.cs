using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Agreements;
using AgreementService.Infrastructure;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Participants;

/// <summary>An invitation sent: to whom (registered by it, or already), and until when its link works.</summary>
/// <param name="Participant">The invitee.</param>
/// <param name="LinkExpiresAt">When the emailed link stops working.</param>
/// <param name="Role">The invitee's role in the agreement, for an invitation into one: the role given, or the one they already held.</param>
public sealed record InvitationSent(ParticipantView Participant, DateTimeOffset LinkExpiresAt, AgreementRole? Role = null);

/// <summary>Invites a person into an agreement.</summary>
/// <param name="Name" example="Fatima Diallo">How others see them named (kept as it is when the address is registered already).</param>
/// <param name="Email" example="fatima.diallo@errc.example">Where the invitation goes.</param>
/// <param name="Role">Their role in the agreement, unless they are a member already.</param>
public sealed record InviteToAgreement(string Name, string Email, AgreementRole? Role);

public sealed class InviteToAgreementValidator : AbstractValidator<InviteToAgreement>
{
    public InviteToAgreementValidator()
    {
        RuleFor(x => x.Name).ParticipantName();
        RuleFor(x => x.Email).ParticipantEmail();
        RuleFor(x => x.Role).NotNull().WithMessage("'role' must be observer, member or facilitator.");
    }
}

/// <summary>What every invitation does: registers the person when the address is new (as POST /participants would), and sends the link.</summary>
internal static class Invitation
{
    public static (Participant Participant, List<IMartenOp> Writes) Invitee(Participant? registered, RegisterParticipant person, ClaimsPrincipal user, TimeProvider clock)
    {
        if (registered is not null)
        {
            return (registered, []);
        }

        var (participant, start) = RegisterParticipantEndpoint.Register(person, user.Actor(), clock);
        return (participant, [start]);
    }

    public static (InvitationSent, OutgoingMessages) Send(Participant participant, (SignInLink Link, Mail.SendEmail Email) issued, List<IMartenOp> writes,
        AgreementRole? role = null)
    {
        writes.Add(MartenOps.Store(issued.Link));
        return (new InvitationSent(ParticipantView.From(participant), issued.Link.ExpiresAt, role), [issued.Email]);
    }
}

[Authorize(Policy = Caller.AdministratorPolicy)]
public static class InviteEndpoint
{
    public static Task<Participant?> LoadAsync(RegisterParticipant command, IQuerySession session, CancellationToken ct) =>
        RegisterParticipantEndpoint.WithEmailAsync(command.Email, session, ct);

    public static async Task<ProblemDetails> ValidateAsync(RegisterParticipant command, Participant? registered, IQuerySession session, CancellationToken ct) =>
        registered is null && await RegisterParticipantEndpoint.OrganisationProblemAsync(command.OrganisationId, session, ct) is { } problem
            ? problem
            : WolverineContinue.NoProblems;

    /// <summary>
    /// The administrator invites a person: registers them unless the address is registered already (then the name and
    /// organisation given are not used), and emails them a link that signs them in, once, within 7 days.
    /// </summary>
    [WolverinePost("/invitations", OperationId = "invite")]
    public static (InvitationSent, IEnumerable<IMartenOp>, OutgoingMessages) Post(RegisterParticipant command, Participant? registered, ClaimsPrincipal user,
        TimeProvider clock, SignInLinks links)
    {
        var (participant, writes) = Invitation.Invitee(registered, command, user, clock);
        var (sent, email) = Invitation.Send(participant, links.Invitation(participant), writes);
        return (sent, writes, email);
    }
}

public static class InviteToAgreementEndpoint
{
    public static async Task<(Participant?, AgreementMembership?, Standing)> LoadAsync(Agreement agreement, InviteToAgreement command, ClaimsPrincipal user,
        IQuerySession session, CancellationToken ct)
    {
        var standing = await Standing.LoadAsync(session, agreement.Id, user, ct);
        var registered = standing.May(AgreementRole.Facilitator) ? await RegisterParticipantEndpoint.WithEmailAsync(command.Email, session, ct) : null;
        return (registered, registered is null ? null : await session.LoadAsync<AgreementMembership>(AgreementMembership.IdFor(agreement.Id, registered.Id), ct), standing);
    }

    public static ProblemDetails Validate(Standing standing) => standing.Require(AgreementRole.Facilitator);

    /// <summary>
    /// A facilitator invites a person into the agreement: registers them when the address is new, makes them a member with
    /// the role given unless they are one already (then their role stays: PUT /agreements/{id}/members/{participantId}
    /// changes it), and emails them a link that signs them in, once, within 7 days.
    /// </summary>
    [WolverinePost("/agreements/{id}/invitations", OperationId = "inviteToAgreement")]
    public static (InvitationSent, Events, IEnumerable<IMartenOp>, OutgoingMessages) Post(InviteToAgreement command, [WriteAggregate] Agreement agreement,
        Participant? registered, AgreementMembership? membership, ClaimsPrincipal user, TimeProvider clock, SignInLinks links)
    {
        var (participant, writes) = Invitation.Invitee(registered, new RegisterParticipant(command.Name, command.Email, null), user, clock);
        var role = membership?.Role ?? command.Role!.Value;
        Events events = membership is null ? [new MemberRoleSet(agreement.Id, participant.Id, role, user.Actor(), clock.GetUtcNow(), Invited: true)] : [];
        var (sent, email) = Invitation.Send(participant, links.Invitation(participant, agreement.Title, role), writes, role);
        return (sent, events, writes, email);
    }
}

public static class ResendInvitationEndpoint
{
    public static Task<(Participant?, Standing)> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Standing.OfParticipantAsync(session, id, user, ct);

    public static ProblemDetails Validate(Standing standing) => standing.Require(AgreementRole.Facilitator);

    /// <summary>
    /// Sends the participant a new invitation link (7 days); links sent before keep working until they expire or are used.
    /// The administrator, or a facilitator of an agreement the participant is a member of.
    /// </summary>
    [WolverinePost("/participants/{id}/invitation", OperationId = "resendInvitation")]
    public static (InvitationSent, IEnumerable<IMartenOp>, OutgoingMessages) Post([NotBody] Participant participant, SignInLinks links)
    {
        List<IMartenOp> writes = [];
        var (sent, email) = Invitation.Send(participant, links.Invitation(participant), writes);
        return (sent, writes, email);
    }
}
