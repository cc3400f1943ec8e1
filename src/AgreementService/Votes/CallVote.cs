using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Agreements;
using AgreementService.Infrastructure;
using AgreementService.Participants;
using AgreementService.Proposals;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Votes;

/// <summary>When the vote closes; left out, it runs for the rules' <c>defaultVotingHours</c>.</summary>
/// <param name="ClosesAt" example="2026-12-09T17:00:00Z">A time in the future, with its offset.</param>
public sealed record CallVote(DateTimeOffset? ClosesAt);

/// <summary>The vote called: who may vote in it (<c>electorate</c>, fixed now) and the rules it is decided by.</summary>
public sealed record VoteCalledView(Guid Id, Guid ProposalId, DateTimeOffset ClosesAt, IReadOnlyList<Voter> Electorate, DecisionRules Rules);

public static class CallVoteEndpoint
{
    /// <summary>
    /// The caller's standing and the agreement; for a facilitator calling a vote on an open proposal, also what its changes
    /// are checked against and who may vote now — read under the agreement's lock, so that a member removed or made an
    /// observer at this very moment is either left out of the electorate or taken out of the vote (Electorate takes it too).
    /// </summary>
    public static async Task<(Standing, Agreement, DraftSource?, IReadOnlyList<Voter>)> LoadAsync(Proposal proposal, ClaimsPrincipal user,
        IDocumentSession session, CancellationToken ct)
    {
        var standing = await Standing.LoadAsync(session, proposal.AgreementId, user, ct);
        var agreement = (await session.LoadAsync<Agreement>(proposal.AgreementId, ct))!;
        if (!standing.May(AgreementRole.Facilitator) || proposal.Status != ProposalStatus.Open)
        {
            return (standing, agreement, null, []);
        }

        await AgreementLock.TakeAsync(session, proposal.AgreementId, ct);
        var members = await session.Query<AgreementMembership>()
            .Where(m => m.AgreementId == proposal.AgreementId && (m.Role == AgreementRole.Member || m.Role == AgreementRole.Facilitator))
            .ToListAsync(ct);
        var people = (await session.LoadManyAsync<Participant>(ct, members.Select(m => m.ParticipantId))).ToDictionary(p => p.Id);
        IReadOnlyList<Voter> electorate = [.. members.Select(m => new Voter(m.ParticipantId, people.GetValueOrDefault(m.ParticipantId)?.OrganisationId))
            .OrderBy(v => v.ParticipantId)];
        return (standing, agreement, await DraftSource.LoadAsync(session, agreement, proposal.BaseVersion, proposal.Changes, ct), electorate);
    }

    /// <summary>
    /// A vote can be called by a facilitator, on an open proposal whose current text has been discussed for the rules'
    /// minimum period and still applies, with a deadline within a year, when someone may vote.
    /// </summary>
    public static ProblemDetails Validate(CallVote command, Proposal proposal, Standing standing, Agreement agreement, DraftSource? source,
        IReadOnlyList<Voter> electorate, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var discussedFrom = proposal.RevisedAt.AddHours(agreement.Rules.MinDiscussionHours);
        var closesAt = ClosesAt(command, agreement, now);
        return standing.Require(AgreementRole.Facilitator).Then(() => proposal.Status switch
        {
            ProposalStatus.Open when now < discussedFrom => Problems.Conflict(
                $"The rules ask for {Words.Duration(agreement.Rules.MinDiscussionHours)} of discussion of the proposal's current text, which was last revised at {proposal.RevisedAt:u}. A vote can be called from {discussedFrom:u}."),
            ProposalStatus.Open => source!.Problem(proposal.Changes).Then(() => // loaded for a facilitator on an open proposal

                closesAt <= now || closesAt > now.AddDays(366) ? Problems.Unprocessable($"'closesAt' must be in the future and within a year; it is now {now:u}.")
                : electorate.Count == 0 ? Problems.Conflict("No one may vote: the agreement has no members or facilitators.")
                : WolverineContinue.NoProblems),
            ProposalStatus.Voting => Problems.Conflict("A vote is already open on this proposal."),
            ProposalStatus.Conflicted => Problems.Conflict("This proposal conflicts with a later version; its author must revise it before a vote can be called."),
            _ => Problems.Conflict($"This proposal is {proposal.Status.ToString().ToLowerInvariant()}; there is nothing left to vote on."),
        });
    }

    private static DateTimeOffset ClosesAt(CallVote command, Agreement agreement, DateTimeOffset now) => command.ClosesAt ?? now.AddHours(agreement.Rules.DefaultVotingHours);

    /// <summary>
    /// A facilitator calls a ratification vote on an open proposal once it has been discussed for the rules'
    /// minimum period. The rules and the eligible voters (members and facilitators) are fixed now; the vote
    /// closes by itself at <c>closesAt</c>, even if the service restarts in between.
    /// </summary>
    [WolverinePost("/proposals/{id}/votes", OperationId = "callVote")]
    public static (Created<VoteCalledView>, Events, IStartStream, OutgoingMessages) Post(CallVote command, [WriteAggregate] Proposal proposal,
        Agreement agreement, IReadOnlyList<Voter> electorate, ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var called = new VoteCalled(Guid.CreateVersion7(), proposal.Id, proposal.AgreementId, proposal.Revision, agreement.Rules, electorate,
            ClosesAt(command, agreement, now), user.Actor(), now);
        return (TypedResults.Created($"/votes/{called.VoteId}", new VoteCalledView(called.VoteId, proposal.Id, called.ClosesAt, called.Eligible, called.Rules)),
            [new ProposalVoteOpened(proposal.Id, called.VoteId, now)],
            MartenOps.StartStream<Vote>(called.VoteId, called),
            [new CloseVote(called.VoteId, ClosedBecause.Deadline).ScheduledAt(called.ClosesAt)]);
    }
}
