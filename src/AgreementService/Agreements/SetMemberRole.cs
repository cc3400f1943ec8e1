using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using AgreementService.Participants;
using AgreementService.Votes;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Agreements;

public sealed record SetMemberRole(AgreementRole? Role);

public sealed class SetMemberRoleValidator : AbstractValidator<SetMemberRole>
{
    public SetMemberRoleValidator() => RuleFor(x => x.Role).NotNull().WithMessage("'role' must be observer, member or facilitator.");
}

public static class SetMemberRoleEndpoint
{
    /// <summary>The participant, the caller's standing and — for a facilitator making someone an observer — the open votes they leave, locked.</summary>
    public static async Task<(Participant?, Standing, LockedVotes)> LoadAsync(Agreement agreement, Guid participantId, SetMemberRole command, ClaimsPrincipal user,
        IDocumentSession session, CancellationToken ct)
    {
        var standing = await Standing.LoadAsync(session, agreement.Id, user, ct);
        return (await session.LoadAsync<Participant>(participantId, ct), standing,
            command.Role == AgreementRole.Observer && standing.May(AgreementRole.Facilitator)
                ? await Electorate.LoadAsync(session, agreement.Id, participantId, ct)
                : LockedVotes.None);
    }

    public static ProblemDetails Validate(SetMemberRole command, Agreement agreement, Participant? participant, Guid participantId, Standing standing) =>
        standing.Require(AgreementRole.Facilitator).Then(() => participant is null
            ? Problems.Unprocessable($"There is no participant {participantId}. The administrator registers participants (POST /participants).")
            : agreement.KeepsAFacilitator(participantId, command.Role));

    /// <summary>Adds a member, or changes their role.</summary>
    [WolverinePut("/agreements/{id}/members/{participantId}", OperationId = "setMemberRole")]
    public static (MemberView, Events, IEnumerable<IMartenOp>, OutgoingMessages) Put(SetMemberRole command, [WriteAggregate] Agreement agreement,
        Participant participant, LockedVotes open, ClaimsPrincipal user, TimeProvider clock)
    {
        var role = command.Role!.Value;
        var now = clock.GetUtcNow();
        var (left, closes) = Electorate.Leave(open, participant.Id, Electorate.MadeObserver, user.Actor(), now);
        return (new MemberView(participant.Id, participant.Name, participant.OrganisationId, role),
            [new MemberRoleSet(agreement.Id, participant.Id, role, user.Actor(), now)], left, closes);
    }
}
