using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using AgreementService.Participants;
using AgreementService.Votes;
using Wolverine;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Agreements;

public sealed record MemberView(Guid ParticipantId, string Name, Guid? OrganisationId, AgreementRole Role);

public sealed record SetMemberRole(AgreementRole? Role);

public sealed class SetMemberRoleValidator : AbstractValidator<SetMemberRole>
{
    public SetMemberRoleValidator() => RuleFor(x => x.Role).NotNull().WithMessage("'role' must be observer, member or facilitator.");
}

public static class ListMembersEndpoint
{
    public static Task<ProblemDetails> ValidateAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        session.RequireAsync(id, user, AgreementRole.Observer, ct);

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

public static class SetMemberRoleEndpoint
{
    public static Task<Participant?> LoadAsync(Guid participantId, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<Participant>(participantId, ct);

    public static async Task<ProblemDetails> ValidateAsync(SetMemberRole command, Agreement agreement, Participant? participant, Guid participantId,
        ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var access = await session.RequireAsync(agreement.Id, user, AgreementRole.Facilitator, ct);
        if (access != WolverineContinue.NoProblems)
        {
            return access;
        }

        if (participant is null)
        {
            return Problems.Unprocessable($"There is no participant {participantId}. The administrator registers participants (POST /participants).");
        }

        return Membership.KeepsAFacilitator(agreement, participantId, command.Role);
    }

    /// <summary>Adds a member, or changes their role.</summary>
    [WolverinePut("/agreements/{id}/members/{participantId}", OperationId = "setMemberRole")]
    public static async Task<(MemberView, Events, OutgoingMessages)> Put(SetMemberRole command, [WriteAggregate] Agreement agreement, Participant participant,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var role = command.Role!.Value;
        var now = clock.GetUtcNow();
        var closes = role == AgreementRole.Observer
            ? await Electorate.LeaveAsync(session, agreement.Id, participant.Id, Electorate.MadeObserver, user.Actor(), now, ct)
            : [];
        return (new MemberView(participant.Id, participant.Name, participant.OrganisationId, role),
            [new MemberRoleSet(agreement.Id, participant.Id, role, user.Actor(), now)], closes);
    }
}

public static class RemoveMemberEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(Agreement agreement, Guid participantId, ClaimsPrincipal user,
        IQuerySession session, CancellationToken ct)
    {
        var access = await session.RequireAsync(agreement.Id, user, AgreementRole.Facilitator, ct);
        if (access != WolverineContinue.NoProblems)
        {
            return access;
        }

        return await session.LoadAsync<AgreementMembership>(AgreementMembership.IdFor(agreement.Id, participantId), ct) is null
            ? Problems.NotFound("member of this agreement")
            : Membership.KeepsAFacilitator(agreement, participantId, null);
    }

    [WolverineDelete("/agreements/{id}/members/{participantId}", OperationId = "removeMember")]
    [EmptyResponse]
    public static async Task<(Events, OutgoingMessages)> Delete([WriteAggregate] Agreement agreement, Guid participantId, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var closes = await Electorate.LeaveAsync(session, agreement.Id, participantId, Electorate.Removed, user.Actor(), now, ct);
        return ([new MemberRemoved(agreement.Id, participantId, user.Actor(), now)], closes);
    }
}

internal static class Membership
{
    /// <summary>Once an agreement has a facilitator it always keeps one: someone must be able to call votes.</summary>
    public static ProblemDetails KeepsAFacilitator(Agreement agreement, Guid participantId, AgreementRole? newRole) =>
        agreement.Facilitators.Count == 1 && agreement.Facilitators[0] == participantId && newRole != AgreementRole.Facilitator
            ? Problems.Conflict("This is the agreement's only facilitator. Make someone else facilitator first.")
            : WolverineContinue.NoProblems;
}
