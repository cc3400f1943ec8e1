using AgreementService.Access;
using AgreementService.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace AgreementService.Agreements;

/// <summary>Every event that belongs to an agreement's story, whatever stream it is in: the activity feed shows them all.</summary>
public interface IAgreementEvent
{
    Guid AgreementId { get; }

    /// <summary>The participant id of who did it, or "administrator", or "system" (the service, closing a vote); answers show a <see cref="Person"/>.</summary>
    string By { get; }

    DateTimeOffset At { get; }
}

public enum Visibility
{
    Public,
    Members,
}

public sealed record AgreementCreated(Guid AgreementId, string Slug, string Title, Visibility Visibility, IReadOnlyList<Clause> Clauses,
    DecisionRules Rules, string By, DateTimeOffset At) : IAgreementEvent;

/// <summary>A member added, or given another role; <paramref name="Invited"/> when by an invitation, whose email already says so.</summary>
public sealed record MemberRoleSet(Guid AgreementId, Guid ParticipantId, AgreementRole Role, string By, DateTimeOffset At, bool Invited = false) : IAgreementEvent;

public sealed record MemberRemoved(Guid AgreementId, Guid ParticipantId, string By, DateTimeOffset At) : IAgreementEvent;

public sealed record DecisionRulesSet(Guid AgreementId, DecisionRules Rules, string By, DateTimeOffset At) : IAgreementEvent;

/// <summary>
/// One living document. Its text lives in one immutable <see cref="AgreementVersion"/> per version; the
/// aggregate keeps what decisions need: which version is current, the rules, who facilitates.
/// </summary>
public sealed record Agreement(Guid Id, string Slug, string Title, Visibility Visibility, DecisionRules Rules, DateTimeOffset CreatedAt)
{
    public int Version { get; init; }

    public int CurrentVersion { get; init; } = 1;

    public IReadOnlyList<Guid> Facilitators { get; init; } = [];

    public static Agreement Create(AgreementCreated e) => new(e.AgreementId, e.Slug, e.Title, e.Visibility, e.Rules, e.At);

    public Agreement Apply(MemberRoleSet e) => this with
    {
        Facilitators = e.Role == AgreementRole.Facilitator
            ? [.. Facilitators.Where(f => f != e.ParticipantId), e.ParticipantId]
            : [.. Facilitators.Where(f => f != e.ParticipantId)],
    };

    public Agreement Apply(MemberRemoved e) => this with { Facilitators = [.. Facilitators.Where(f => f != e.ParticipantId)] };

    public Agreement Apply(DecisionRulesSet e) => this with { Rules = e.Rules };

    public Agreement Apply(VersionRatified e) => this with { CurrentVersion = e.Version };

    /// <summary>Once an agreement has a facilitator it always keeps one: someone must be able to call votes.</summary>
    public ProblemDetails KeepsAFacilitator(Guid participantId, AgreementRole? newRole) =>
        Facilitators.Count == 1 && Facilitators[0] == participantId && newRole != AgreementRole.Facilitator
            ? Problems.Conflict("This is the agreement's only facilitator. Make someone else facilitator first.")
            : Wolverine.Http.WolverineContinue.NoProblems;
}
