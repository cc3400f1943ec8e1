using AgreementService.Agreements;

namespace AgreementService.Votes;

public enum VoteStatus
{
    Open,
    Closed,
    Cancelled,
}

/// <summary>A ratification vote on one revision of a proposal, with the rules and the voters fixed when it was called.</summary>
public sealed record VoteCalled(Guid VoteId, Guid ProposalId, Guid AgreementId, int Revision, DecisionRules Rules, IReadOnlyList<Voter> Eligible,
    DateTimeOffset ClosesAt, string By, DateTimeOffset At) : IAgreementEvent;

/// <summary>A voter's choice; a later ballot by the same voter replaces it, and every one is kept.</summary>
public sealed record BallotCast(Guid VoteId, Guid ProposalId, Guid AgreementId, Guid VoterId, Choice Choice, string? Reason, string By, DateTimeOffset At)
    : IAgreementEvent;

public enum ClosedBecause
{
    Deadline,
    AllVoted,
    Facilitator,
}

public sealed record VoteClosed(Guid VoteId, Guid ProposalId, Guid AgreementId, TallyResult Tally, ClosedBecause Because, string By, DateTimeOffset At)
    : IAgreementEvent;

public sealed record VoteCancelled(Guid VoteId, Guid ProposalId, Guid AgreementId, string Reason, string By, DateTimeOffset At) : IAgreementEvent;

/// <summary>The durable, scheduled (or immediate) request to close a vote: it closes once, whoever asks first.</summary>
public sealed record CloseVote(Guid VoteId, ClosedBecause Because);

public sealed record Vote(Guid Id, Guid ProposalId, Guid AgreementId, int Revision, DecisionRules Rules, IReadOnlyList<Voter> Eligible,
    DateTimeOffset ClosesAt, DateTimeOffset CalledAt)
{
    public int Version { get; init; }

    public VoteStatus Status { get; init; } = VoteStatus.Open;

    /// <summary>Each voter's ballot that counts: their last.</summary>
    public IReadOnlyList<Ballot> Ballots { get; init; } = [];

    public TallyResult? Tally { get; init; }

    public ClosedBecause? ClosedBecause { get; init; }

    public string? CancelReason { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public static Vote Create(VoteCalled e) => new(e.VoteId, e.ProposalId, e.AgreementId, e.Revision, e.Rules, e.Eligible, e.ClosesAt, e.At);

    public Vote Apply(BallotCast e) => this with
    {
        Ballots = [.. Ballots.Where(b => b.VoterId != e.VoterId), new Ballot(e.VoterId, e.Choice, e.Reason, e.At)],
    };

    public Vote Apply(VoteClosed e) => this with { Status = VoteStatus.Closed, Tally = e.Tally, ClosedBecause = e.Because, EndedAt = e.At };

    public Vote Apply(VoteCancelled e) => this with { Status = VoteStatus.Cancelled, CancelReason = e.Reason, EndedAt = e.At };

    /// <summary>Every voting unit (participant or organisation) has a ballot in.</summary>
    public bool AllVoted =>
        Eligible.Select(v => global::AgreementService.Votes.Tally.Unit(Rules, v)).ToHashSet()
            .SetEquals(Ballots.Select(b => global::AgreementService.Votes.Tally.Unit(Rules, Eligible.First(v => v.ParticipantId == b.VoterId))));
}

public sealed record BallotView(Guid VoterId, string Name, Guid? OrganisationId, Choice Choice, string? Reason, DateTimeOffset CastAt);

public sealed record VoteView(Guid Id, Guid ProposalId, Guid AgreementId, VoteStatus Status, DateTimeOffset CalledAt, DateTimeOffset ClosesAt,
    DecisionRules Rules, IReadOnlyList<Voter> Eligible, IReadOnlyList<BallotView> Ballots, TallyResult? Tally, ClosedBecause? ClosedBecause,
    string? CancelReason, DateTimeOffset? EndedAt)
{
    public static VoteView From(Vote v, IReadOnlyDictionary<Guid, string> names) =>
        new(v.Id, v.ProposalId, v.AgreementId, v.Status, v.CalledAt, v.ClosesAt, v.Rules, v.Eligible,
            [.. v.Ballots.OrderBy(b => b.CastAt).Select(b => new BallotView(b.VoterId, names.GetValueOrDefault(b.VoterId, "(unknown)"),
                v.Eligible.First(e => e.ParticipantId == b.VoterId).OrganisationId, b.Choice, b.Reason, b.CastAt))],
            v.Tally, v.ClosedBecause, v.CancelReason, v.EndedAt);
}
