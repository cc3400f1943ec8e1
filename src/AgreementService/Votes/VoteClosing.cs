using AgreementService.Agreements;
using AgreementService.Infrastructure;
using AgreementService.Proposals;
using AgreementService.Webhooks;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Marten;
using Wolverine.Runtime.Handlers;


namespace AgreementService.Votes;

public static class VoteClosing
{
    public const string System = Access.Caller.Service;

    /// <summary>Why a vote takes no more ballots, or null while it does.</summary>
    public static ProblemDetails? Ended(Vote vote, DateTimeOffset now) => vote.Status switch
    {
        VoteStatus.Closed => Problems.Conflict($"The vote closed at {vote.EndedAt:u}. {vote.Tally!.Explanation}"),
        VoteStatus.Cancelled => Problems.Conflict($"The vote was cancelled: {vote.CancelReason}"),
        _ when now >= vote.ClosesAt => Problems.Conflict($"The vote's deadline, {vote.ClosesAt:u}, has passed; it is being closed."),
        _ => null,
    };

    /// <summary>
    /// Closes a vote once: counts it with the rules it was called with and, when it passed, applies the proposal
    /// as the agreement's next version, marks the proposals in play it leaves conflicted and cancels their votes —
    /// all in the caller's one transaction. It never fails for what the proposal has become: a vote whose proposal
    /// is no longer voting, or no longer applies, is cancelled saying why. Every closer takes the agreement's lock
    /// first and the vote's second, so two votes closing at once take turns and the second sees what the first
    /// ratified; ballots take only the vote's, so nothing waits in a circle. Returns the vote as it now stands
    /// (null when it is not there), and the messages to send when the transaction commits.
    /// </summary>
    public static async Task<(Vote? Vote, OutgoingMessages Messages)> CloseAsync(IDocumentSession session, Guid voteId, ClosedBecause because, string by, DateTimeOffset now,
        CancellationToken ct)
    {
        if (await session.LoadAsync<Vote>(voteId, ct) is not { } known)
        {
            return (null, []);
        }

        // The agreement's lock is an advisory one, so that the vote's events are the first the transaction appends
        // and the audit trail reads in order: the vote closed, then the version was ratified.
        await AgreementLock.TakeAsync(session, known.AgreementId, ct);
        var voteStream = await session.Events.FetchForExclusiveWriting<Vote>(voteId, ct);
        var vote = voteStream.Aggregate!;
        if (vote.Status != VoteStatus.Open || (because == ClosedBecause.AllVoted && !vote.AllVoted) || (because == ClosedBecause.Deadline && now < vote.ClosesAt))
        {
            return (vote, []);
        }

        var proposalStream = await session.Events.FetchForWriting<Proposal>(vote.ProposalId, ct);
        var proposal = proposalStream.Aggregate!;
        if (proposal.Status != ProposalStatus.Voting || proposal.VoteId != vote.Id)
        {
            // Cannot happen while ratifications cancel the votes they conflict; should it, the vote still ends.
            return (Cancel(voteStream, vote, $"The proposal is {proposal.Status.ToString().ToLowerInvariant()}, so there is nothing to decide; nothing was counted.", now), []);
        }

        var tally = vote.Count();
        var closed = new VoteClosed(vote.Id, vote.ProposalId, vote.AgreementId, tally, because, by, now);
        if (tally.Outcome == Outcome.Failed)
        {
            voteStream.AppendOne(closed);
            proposalStream.AppendOne(new ProposalRejected(proposal.Id, vote.Id, now));
            return (vote.Apply(closed), []);
        }

        var agreementStream = await session.Events.FetchForWriting<Agreement>(vote.AgreementId, ct);
        var agreement = agreementStream.Aggregate!;
        var current = (await session.LoadAsync<AgreementVersion>(AgreementVersion.IdFor(agreement.Id, agreement.CurrentVersion), ct))!;
        var next = agreement.CurrentVersion + 1;
        // The ids of the clauses it adds are locked too, so that two agreements ratifying at once cannot both take one id.
        await AgreementLock.TakeAsync(session, proposal.Changes.OfType<AddClause>().Select(a => a.ClauseId).OfType<Guid>(), ct);
        var draft = (await DraftSource.LoadAsync(session, agreement, proposal.BaseVersion, proposal.Changes, ct)).Prepare(proposal.Changes);
        var inPlay = await session.Query<Proposal>()
            .Where(p => p.AgreementId == agreement.Id && p.Id != proposal.Id && (p.Status == ProposalStatus.Open || p.Status == ProposalStatus.Voting))
            .ToListAsync(ct);
        var ratified = draft.Ready ? Ratification.Decide(current.Clauses, next, draft.Changes, inPlay) : null;
        if (ratified is not { Version.Applied: true })
        {
            // Cannot happen while every ratification conflicts what it leaves unable to apply; should it, the text stays whole.
            var why = new Conflicted(proposal, draft.Conflicts, ratified?.Version.Refusal ?? draft.Refusal);
            proposalStream.AppendOne(new ProposalConflicted(proposal.Id, agreement.Id, agreement.CurrentVersion, why.Conflicts, why.Refusal, System, now));
            return (Cancel(voteStream, vote, $"It could not be ratified. {why.Why(current.Clauses, current.Clauses)} Its author must revise it; nothing was counted.", now), []);
        }

        voteStream.AppendOne(closed);
        agreementStream.AppendOne(new VersionRatified(agreement.Id, next, proposal.Id, proposal.Title, ratified.Version.Changes, by, now));
        proposalStream.AppendOne(new ProposalRatified(proposal.Id, vote.Id, next, now));
        foreach (var other in ratified.Conflicted)
        {
            session.Events.Append(other.Proposal.Id, new ProposalConflicted(other.Proposal.Id, agreement.Id, next, other.Conflicts, other.Refusal, System, now));
            if (other.Proposal is { Status: ProposalStatus.Voting, VoteId: { } openVote })
            {
                if (await session.Events.FetchForExclusiveWriting<Vote>(openVote, ct) is { Aggregate.Status: VoteStatus.Open } otherVote)
                {
                    Cancel(otherVote, otherVote.Aggregate, $"“{proposal.Title}” was ratified as version {next}. {other.Why(current.Clauses, ratified.Version.Clauses)} Its author must revise it.", now);
                }
            }
        }

        return (vote.Apply(closed), [new VersionPublished(agreement.Id, next)]);
    }

    private static Vote Cancel(JasperFx.Events.IEventStream<Vote> stream, Vote vote, string reason, DateTimeOffset now)
    {
        var cancelled = new VoteCancelled(vote.Id, vote.ProposalId, vote.AgreementId, reason, System, now);
        stream.AppendOne(cancelled);
        return vote.Apply(cancelled);
    }
}
