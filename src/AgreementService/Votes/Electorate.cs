using AgreementService.Agreements;
using Marten;
using Wolverine;
using Wolverine.Marten;

namespace AgreementService.Votes;

/// <summary>The votes open in an agreement, each loaded under its row lock (taken after the agreement's), so that they can be changed together.</summary>
public sealed record LockedVotes(IReadOnlyList<Vote> Votes)
{
    public static readonly LockedVotes None = new([]);
}

/// <summary>
/// Who may vote when membership changes. The electorate is fixed when a vote is called and can only shrink: a voter
/// removed from the agreement, or made an observer, leaves the electorate of every vote open in it, in the same
/// transaction. They no longer count toward the quorum or "everyone has voted", may not vote, and a ballot they
/// cast before no longer counts; a voter who joins, or comes back, after the call votes from the next vote on.
/// </summary>
public static class Electorate
{
    public const string Removed = "removed from the agreement after the vote was called";
    public const string MadeObserver = "made an observer after the vote was called";

    /// <summary>The open votes whose electorate holds the participant, locked for writing; none when there are none.</summary>
    public static async Task<LockedVotes> LoadAsync(IDocumentSession session, Guid agreementId, Guid participantId, CancellationToken ct)
    {
        // Under the agreement's lock, as calling a vote reads its electorate: a vote called at this moment is seen, or sees the change.
        await AgreementLock.TakeAsync(session, agreementId, ct);
        var open = (await session.Query<Vote>().Where(v => v.AgreementId == agreementId && v.Status == VoteStatus.Open).ToListAsync(ct))
            .Where(v => In(v, participantId)).ToList();
        var locked = new List<Vote>();
        foreach (var vote in open)
        {
            locked.Add((await session.Events.FetchForExclusiveWriting<Vote>(vote.Id, ct)).Aggregate!);
        }

        return new LockedVotes(locked);
    }

    /// <summary>Takes the participant out of each vote still open with them in it; returns the events and the closes this makes due.</summary>
    public static (IEnumerable<IMartenOp> Left, OutgoingMessages Closes) Leave(LockedVotes open, Guid participantId, string why, string by, DateTimeOffset now)
    {
        var left = new List<IMartenOp>();
        OutgoingMessages closes = [];
        foreach (var vote in open.Votes.Where(v => v.Status == VoteStatus.Open && In(v, participantId)))
        {
            var leaving = new VoterLeft(vote.Id, vote.ProposalId, vote.AgreementId, participantId, why, by, now);
            left.Add(MartenOps.Append(vote.Id, vote.Version + 1, leaving)); // the version the stream reaches with it
            if (vote.Rules.CloseWhenAllVoted && vote.Apply(leaving).AllVoted)
            {
                closes.Add(new CloseVote(vote.Id, ClosedBecause.AllVoted));
            }
        }

        return (left, closes);
    }

    private static bool In(Vote vote, Guid participantId) => vote.Electorate.Any(v => v.ParticipantId == participantId);
}
