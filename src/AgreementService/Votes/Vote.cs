using AgreementService.Access;
using AgreementService.Agreements;
using Marten;

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

/// <summary>
/// A voter left the vote's electorate after it was called: removed from the agreement, or made an observer. They no
/// longer count toward the quorum or "everyone has voted", may not vote, and a ballot they cast no longer counts.
/// </summary>
public sealed record VoterLeft(Guid VoteId, Guid ProposalId, Guid AgreementId, Guid ParticipantId, string Why, string By, DateTimeOffset At)
    : IAgreementEvent;

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

    /// <summary>Voters who left the electorate after the call, and why.</summary>
    public IReadOnlyList<LeftVoter> Left { get; init; } = [];

    /// <summary>Who may vote now and is counted: the voters eligible at the call, less those who left since.</summary>
    public IReadOnlyList<Voter> Electorate => Left.Count == 0 ? Eligible : [.. Eligible.Where(v => Left.All(l => l.ParticipantId != v.ParticipantId))];

    public static Vote Create(VoteCalled e) => new(e.VoteId, e.ProposalId, e.AgreementId, e.Revision, e.Rules, e.Eligible, e.ClosesAt, e.At);

    public Vote Apply(BallotCast e) => this with
    {
        Ballots = [.. Ballots.Where(b => b.VoterId != e.VoterId), new Ballot(e.VoterId, e.Choice, e.Reason, e.At)],
    };

    public Vote Apply(VoteClosed e) => this with { Status = VoteStatus.Closed, Tally = e.Tally, ClosedBecause = e.Because, EndedAt = e.At };

    public Vote Apply(VoteCancelled e) => this with { Status = VoteStatus.Cancelled, CancelReason = e.Reason, EndedAt = e.At };

    public Vote Apply(VoterLeft e) => this with { Left = [.. Left, new LeftVoter(e.ParticipantId, e.Why, e.At)] };

    /// <summary>Every voting unit (participant or organisation) of the electorate has a ballot in.</summary>
    public bool AllVoted =>
        Tallying.Units(Rules, Electorate)
            .SetEquals(Tallying.Counted(Rules, Electorate, Ballots).Select(b => Tallying.Unit(Rules, Eligible.First(v => v.ParticipantId == b.VoterId))));

    /// <summary>The vote and the caller's standing in its agreement; 404 naming the vote when it is not there.</summary>
    public static Task<(Vote?, Standing)> LoadAsync(IQuerySession session, Guid id, System.Security.Claims.ClaimsPrincipal caller, CancellationToken ct) =>
        Standing.LoadAsync<Vote>(session, id, v => v.AgreementId, "vote", caller, ct);

    /// <summary>Counts the vote as it stands, under the rules it was called with.</summary>
    public TallyResult Count() => Tallying.Count(Rules, Electorate, Ballots, Left.Count);
}

/// <summary>The voters whose ballots a vote holds, by name.</summary>
public static class VoterNames
{
    public static Task<People> LoadAsync(IQuerySession session, Vote vote, CancellationToken ct) => People.LoadAsync(session, vote.Ballots.Select(b => b.VoterId), ct);
}

/// <summary>As the vote keeps it: who left its electorate, why, and when.</summary>
public sealed record LeftVoter(Guid ParticipantId, string Why, DateTimeOffset At);

/// <summary>A voter who left the electorate after the vote was called, why, and when.</summary>
public sealed record LeftVoterView(Guid ParticipantId, string Why, DateTimeOffset LeftAt);

/// <summary>A voter's last ballot; <c>counts</c> is false when a colleague's later ballot speaks for their organisation, or they left the electorate.</summary>
public sealed record BallotView(Person Voter, Guid? OrganisationId, Choice Choice, string? Reason, DateTimeOffset CastAt, bool Counts = true);

/// <summary>
/// A vote: <c>electorate</c> lists who may vote now (the voters fixed at the call, less the <c>leftVoters</c> who left since);
/// the tally's <c>eligible</c> counts the voting units among them.
/// </summary>
public sealed record VoteView(Guid Id, Guid ProposalId, Guid AgreementId, VoteStatus Status, DateTimeOffset CalledAt, DateTimeOffset ClosesAt,
    DecisionRules Rules, IReadOnlyList<Voter> Electorate, IReadOnlyList<LeftVoterView> LeftVoters, IReadOnlyList<BallotView> Ballots, TallyResult? Tally,
    ClosedBecause? ClosedBecause, string? CancelReason, DateTimeOffset? EndedAt)
{
    /// <summary>The vote with its voters named, as every answer about a vote shows it.</summary>
    public static VoteView From(Vote v, People voters)
    {
        var counting = v.Status == VoteStatus.Cancelled ? new HashSet<Ballot>() : Tallying.Counted(v.Rules, v.Electorate, v.Ballots).ToHashSet();
        return new(v.Id, v.ProposalId, v.AgreementId, v.Status, v.CalledAt, v.ClosesAt, v.Rules, v.Electorate,
            [.. v.Left.Select(l => new LeftVoterView(l.ParticipantId, l.Why, l.At))],
            [.. v.Ballots.OrderBy(b => b.CastAt).Select(b => new BallotView(voters.Of(b.VoterId),
                v.Eligible.First(e => e.ParticipantId == b.VoterId).OrganisationId, b.Choice, b.Reason, b.CastAt, counting.Contains(b)))],
            v.Tally, v.ClosedBecause, v.CancelReason, v.EndedAt);
    }
}
