using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Agreements;
using Marten;

namespace AgreementService.Proposals;

public enum ProposalStatus
{
    Open,
    Voting,
    Ratified,
    Rejected,
    Withdrawn,
    Conflicted,
}

/// <summary>Submitted against <c>baseVersion</c>; <c>rebasedFrom</c> says when it was written against an older, still compatible one.</summary>
public sealed record ProposalSubmitted(Guid ProposalId, Guid AgreementId, Guid AuthorId, string Title, string Rationale, int BaseVersion,
    int? RebasedFrom, IReadOnlyList<Change> Changes, string By, DateTimeOffset At) : IAgreementEvent;

public sealed record ProposalRevised(Guid ProposalId, Guid AgreementId, int Revision, int BaseVersion, int? RebasedFrom,
    IReadOnlyList<Change> Changes, string? Note, string By, DateTimeOffset At) : IAgreementEvent;

public sealed record ProposalWithdrawn(Guid ProposalId, Guid AgreementId, string By, DateTimeOffset At) : IAgreementEvent;

/// <summary>
/// Version <c>Version</c> changed clauses this one depends on (<c>Conflicts</c>), or left its changes unable to apply
/// (<c>Refusal</c>: which change, which clause, why): its author must revise it onto a newer version.
/// </summary>
public sealed record ProposalConflicted(Guid ProposalId, Guid AgreementId, int Version, IReadOnlyList<Conflict> Conflicts, ChangeRefusal? Refusal,
    string By, DateTimeOffset At) : IAgreementEvent;

// The proposal's side of its votes. They are not agreement events of their own: the vote's events tell the story.
public sealed record ProposalVoteOpened(Guid ProposalId, Guid VoteId, DateTimeOffset At);

public sealed record ProposalVoteCancelled(Guid ProposalId, Guid VoteId, DateTimeOffset At);

public sealed record ProposalRatified(Guid ProposalId, Guid VoteId, int Version, DateTimeOffset At);

public sealed record ProposalRejected(Guid ProposalId, Guid VoteId, DateTimeOffset At);

/// <summary>An amendment: a title, a rationale, and changes to a version of the agreement. Each revision is kept as an event.</summary>
public sealed record Proposal(Guid Id, Guid AgreementId, Guid AuthorId, string Title, string Rationale, DateTimeOffset SubmittedAt)
{
    public int Version { get; init; }

    public ProposalStatus Status { get; init; } = ProposalStatus.Open;

    public int BaseVersion { get; init; }

    public int Revision { get; init; } = 1;

    public IReadOnlyList<Change> Changes { get; init; } = [];

    public IReadOnlyList<Conflict> Conflicts { get; init; } = [];

    /// <summary>Why its changes no longer apply to the current version, when that is why it is conflicted.</summary>
    public ChangeRefusal? Refusal { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the text last changed (submitted or revised): discussion of this text runs from here.</summary>
    public DateTimeOffset RevisedAt { get; init; }

    /// <summary>The open vote, or the last one.</summary>
    public Guid? VoteId { get; init; }

    /// <summary>The version the proposal became, once ratified.</summary>
    public int? RatifiedAs { get; init; }

    /// <summary>While open (or conflicted, to be revised) the author may still change it; voting freezes the text.</summary>
    public bool IsDraft => Status is ProposalStatus.Open or ProposalStatus.Conflicted;

    public static Proposal Create(ProposalSubmitted e) =>
        new Proposal(e.ProposalId, e.AgreementId, e.AuthorId, e.Title, e.Rationale, e.At) { BaseVersion = e.BaseVersion, Changes = e.Changes, UpdatedAt = e.At, RevisedAt = e.At };

    public Proposal Apply(ProposalRevised e) => this with
    {
        Revision = e.Revision, BaseVersion = e.BaseVersion, Changes = e.Changes, Conflicts = [], Refusal = null, Status = ProposalStatus.Open, UpdatedAt = e.At,
        RevisedAt = e.At,
    };

    public Proposal Apply(ProposalWithdrawn e) => this with { Status = ProposalStatus.Withdrawn, UpdatedAt = e.At };

    public Proposal Apply(ProposalConflicted e) => this with { Status = ProposalStatus.Conflicted, Conflicts = e.Conflicts, Refusal = e.Refusal, UpdatedAt = e.At };

    public Proposal Apply(ProposalVoteOpened e) => this with { Status = ProposalStatus.Voting, VoteId = e.VoteId, UpdatedAt = e.At };

    public Proposal Apply(ProposalVoteCancelled e) => this with { Status = Status == ProposalStatus.Voting ? ProposalStatus.Open : Status, UpdatedAt = e.At };

    public Proposal Apply(ProposalRatified e) => this with { Status = ProposalStatus.Ratified, RatifiedAs = e.Version, UpdatedAt = e.At };

    public Proposal Apply(ProposalRejected e) => this with { Status = ProposalStatus.Rejected, UpdatedAt = e.At };

    /// <summary>The proposal and the caller's standing in its agreement; 404 naming the proposal when it is not there.</summary>
    public static Task<(Proposal?, Standing)> LoadAsync(IQuerySession session, Guid id, ClaimsPrincipal caller, CancellationToken ct) =>
        Standing.LoadAsync<Proposal>(session, id, p => p.AgreementId, "proposal", caller, ct);
}

public sealed record ProposalView(Guid Id, Guid AgreementId, string Title, string Rationale, Person Author, ProposalStatus Status,
    int BaseVersion, int Revision, IReadOnlyList<Change> Changes, IReadOnlyList<Conflict> Conflicts, ChangeRefusal? Refusal, DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt, Guid? VoteId, int? RatifiedAs)
{
    public static ProposalView From(Proposal p, People people) => From(p, people.Of(p.AuthorId));

    /// <summary>The proposal, its author known (the caller, when the caller is its author).</summary>
    public static ProposalView From(Proposal p, Person author) =>
        new(p.Id, p.AgreementId, p.Title, p.Rationale, author, p.Status, p.BaseVersion, p.Revision, p.Changes, p.Conflicts, p.Refusal, p.SubmittedAt, p.UpdatedAt,
            p.VoteId, p.RatifiedAs);
}
