using AgreementService.Agreements;
using Marten;
using Wolverine;

namespace AgreementService.Votes;

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

    /// <summary>Takes the participant out of every open vote of the agreement; returns the closes this makes due (everyone left has voted).</summary>
    public static async Task<OutgoingMessages> LeaveAsync(IDocumentSession session, Guid agreementId, Guid participantId, string why, string by,
        DateTimeOffset now, CancellationToken ct)
    {
        var open = await session.Query<Vote>().Where(v => v.AgreementId == agreementId && v.Status == VoteStatus.Open).ToListAsync(ct);
        OutgoingMessages closes = [];
        if (!open.Any(v => In(v, participantId)))
        {
            return closes;
        }

        await AgreementLock.TakeAsync(session, agreementId, ct);
        foreach (var known in open.Where(v => In(v, participantId)))
        {
            var stream = await session.Events.FetchForExclusiveWriting<Vote>(known.Id, ct);
            if (stream.Aggregate is not { Status: VoteStatus.Open } vote || !In(vote, participantId))
            {
                continue;
            }

            var left = new VoterLeft(vote.Id, vote.ProposalId, agreementId, participantId, why, by, now);
            stream.AppendOne(left);
            if (vote.Rules.CloseWhenAllVoted && vote.Apply(left).AllVoted)
            {
                closes.Add(new CloseVote(vote.Id, ClosedBecause.AllVoted));
            }
        }

        return closes;
    }

    private static bool In(Vote vote, Guid participantId) => vote.Electorate.Any(v => v.ParticipantId == participantId);
}
