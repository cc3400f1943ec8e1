using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Agreements;
using AgreementService.Infrastructure;
using AgreementService.Proposals;
using AgreementService.Webhooks;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Votes;

public static class VoteClosing
{
    public const string System = "system";

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
    /// as the agreement's next version, marks the open proposals it now conflicts with and cancels their votes —
    /// all in the caller's one transaction. Every closer takes the agreement's lock first and the vote's second,
    /// so two votes closing at once take turns and the second sees what the first ratified; ballots take only
    /// the vote's, so nothing waits in a circle. Returns the vote as it now stands (null when it is not there),
    /// and the messages to send when the transaction commits.
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
        await session.BeginTransactionAsync(ct);
        await session.QueryAsync<long>("select count(*) from (select pg_advisory_xact_lock(?)) as locked", BitConverter.ToInt64(known.AgreementId.ToByteArray(), 8));
        var voteStream = await session.Events.FetchForExclusiveWriting<Vote>(voteId, ct);
        var vote = voteStream.Aggregate!;
        if (vote.Status != VoteStatus.Open || (because == ClosedBecause.AllVoted && !vote.AllVoted) || (because == ClosedBecause.Deadline && now < vote.ClosesAt))
        {
            return (vote, []);
        }

        var tally = Tally.Count(vote.Rules, vote.Eligible, vote.Ballots);
        var closed = new VoteClosed(vote.Id, vote.ProposalId, vote.AgreementId, tally, because, by, now);
        voteStream.AppendOne(closed);
        var proposalStream = await session.Events.FetchForWriting<Proposal>(vote.ProposalId, ct);
        var proposal = proposalStream.Aggregate!;
        if (tally.Outcome == Outcome.Failed)
        {
            proposalStream.AppendOne(new ProposalRejected(proposal.Id, vote.Id, now));
            return (vote.Apply(closed), []);
        }

        var agreementStream = await session.Events.FetchForWriting<Agreement>(vote.AgreementId, ct);
        var agreement = agreementStream.Aggregate!;
        var drafted = await Drafting.PrepareAsync(session, agreement.Id, proposal.BaseVersion, proposal.Changes, ct);
        if (!drafted.Draft!.Ready)
        {
            // Cannot happen while ratifications mark what they conflict with; kept so a passed vote never corrupts the text.
            proposalStream.AppendOne(new ProposalConflicted(proposal.Id, agreement.Id, drafted.Draft.Conflicts, System, now));
            return (vote.Apply(closed), []);
        }

        var current = (await session.LoadAsync<AgreementVersion>(AgreementVersion.IdFor(agreement.Id, agreement.CurrentVersion), ct))!;
        var ratified = OutlineEditor.Apply(current.Clauses, drafted.Draft.Changes, Guid.CreateVersion7);
        var next = agreement.CurrentVersion + 1;
        agreementStream.AppendOne(new VersionRatified(agreement.Id, next, proposal.Id, proposal.Title, ratified.Changes, by, now));
        proposalStream.AppendOne(new ProposalRatified(proposal.Id, vote.Id, next, now));
        await MarkConflictsAsync(session, proposal, current.Clauses, ratified.Clauses, new VersionEffects(next, ratified.Effects), now, ct);
        return (vote.Apply(closed), [new VersionPublished(agreement.Id, next)]);
    }

    /// <summary>Open proposals that touch what the new version changed become conflicted; votes open on them are cancelled saying why.</summary>
    private static async Task MarkConflictsAsync(IDocumentSession session, Proposal ratified, IReadOnlyList<Clause> before, IReadOnlyList<Clause> after,
        VersionEffects version, DateTimeOffset now, CancellationToken ct)
    {
        var others = await session.Query<Proposal>()
            .Where(p => p.AgreementId == ratified.AgreementId && p.Id != ratified.Id && (p.Status == ProposalStatus.Open || p.Status == ProposalStatus.Voting))
            .ToListAsync(ct);
        foreach (var other in others)
        {
            var conflicts = Rebase.Conflicts(before, after, other.Changes, [version]);
            if (conflicts.Count == 0)
            {
                continue;
            }

            session.Events.Append(other.Id, new ProposalConflicted(other.Id, other.AgreementId, conflicts, System, now));
            if (other is { Status: ProposalStatus.Voting, VoteId: { } openVote })
            {
                var voteStream = await session.Events.FetchForExclusiveWriting<Vote>(openVote, ct);
                voteStream.AppendOne(new VoteCancelled(openVote, other.Id, other.AgreementId,
                    $"“{ratified.Title}” was ratified as version {version.Version} and changed clauses this proposal changes; its author must revise it.",
                    System, now));
            }
        }
    }
}

/// <summary>Closes a vote at its deadline, or as soon as everyone has voted when the rules say so.</summary>
public static class CloseVoteHandler
{
    public static async Task<OutgoingMessages> Handle(CloseVote command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (vote, messages) = await VoteClosing.CloseAsync(session, command.VoteId, command.Because, VoteClosing.System, now, ct);

        // A deadline message delivered early (clocks differ between nodes) comes back at the deadline.
        if (vote is { Status: VoteStatus.Open } && command.Because == ClosedBecause.Deadline && now < vote.ClosesAt)
        {
            messages.Add(command.ScheduledAt(vote.ClosesAt));
        }

        return messages;
    }
}

public static class CloseVoteEndpoint
{
    public static Task<Vote?> LoadAsync(Guid id, IQuerySession session, CancellationToken ct) => session.LoadAsync<Vote>(id, ct);

    public static async Task<ProblemDetails> ValidateAsync(Vote? vote, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        if (vote is null)
        {
            return Problems.NotFound("vote");
        }

        var access = await session.RequireAsync(vote.AgreementId, user, AgreementRole.Facilitator, ct);
        return access != WolverineContinue.NoProblems ? access : vote.Status == VoteStatus.Open ? WolverineContinue.NoProblems : VoteClosing.Ended(vote, clock.GetUtcNow())!;
    }

    /// <summary>A facilitator closes the vote now. The answer is the tally, with why the vote passed or failed.</summary>
    [WolverinePost("/votes/{id}/close", OperationId = "closeVote")]
    public static async Task<(IResult, OutgoingMessages)> Post(Guid id, IDocumentSession session, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var (vote, messages) = await VoteClosing.CloseAsync(session, id, ClosedBecause.Facilitator, user.Actor(), clock.GetUtcNow(), ct);
        return (vote!.Tally is { } tally && vote.ClosedBecause == ClosedBecause.Facilitator
            ? TypedResults.Ok(tally)
            : TypedResults.Problem(VoteClosing.Ended(vote, clock.GetUtcNow()) ?? Problems.Conflict("The vote ended meanwhile.")), messages);
    }
}

public sealed record CancelVote(string Reason);

public sealed class CancelVoteValidator : AbstractValidator<CancelVote>
{
    public CancelVoteValidator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(2_000);
}

public static class CancelVoteEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(CancelVote command, Vote vote, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var access = await session.RequireAsync(vote.AgreementId, user, AgreementRole.Facilitator, ct);
        return access != WolverineContinue.NoProblems ? access
            : vote.Status == VoteStatus.Open ? WolverineContinue.NoProblems
            : VoteClosing.Ended(vote, DateTimeOffset.MinValue)!;
    }

    /// <summary>A facilitator cancels the vote, saying why. Nothing is counted; the proposal is open again.</summary>
    [WolverinePost("/votes/{id}/cancel", OperationId = "cancelVote")]
    public static (VoteView, Events) Post(CancelVote command, [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive)] Vote vote, IDocumentSession session,
        ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var cancelled = new VoteCancelled(vote.Id, vote.ProposalId, vote.AgreementId, command.Reason.Trim(), user.Actor(), now);
        session.Events.Append(vote.ProposalId, new ProposalVoteCancelled(vote.ProposalId, vote.Id, now));
        return (VoteView.From(vote.Apply(cancelled), new Dictionary<Guid, string>()), [cancelled]);
    }
}
