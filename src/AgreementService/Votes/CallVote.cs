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
public sealed record CallVote(DateTimeOffset? ClosesAt);

public sealed record VoteCalledView(Guid Id, Guid ProposalId, DateTimeOffset ClosesAt, IReadOnlyList<Voter> Eligible, DecisionRules Rules);

/// <summary>What calling a vote needs to know, or why it cannot be called.</summary>
public sealed record Calling(ProblemDetails Problem, DecisionRules? Rules, IReadOnlyList<Voter> Eligible, DateTimeOffset ClosesAt)
{
    public static Calling Refused(ProblemDetails problem) => new(problem, null, [], default);
}

public static class CallVoteEndpoint
{
    public static async Task<Calling> LoadAsync(CallVote command, Proposal proposal, ClaimsPrincipal user, IQuerySession session, TimeProvider clock,
        CancellationToken ct)
    {
        var access = await session.RequireAsync(proposal.AgreementId, user, AgreementRole.Facilitator, ct);
        if (access != WolverineContinue.NoProblems)
        {
            return Calling.Refused(access);
        }

        if (proposal.Status != ProposalStatus.Open)
        {
            return Calling.Refused(Problems.Conflict(proposal.Status switch
            {
                ProposalStatus.Voting => "A vote is already open on this proposal.",
                ProposalStatus.Conflicted => "This proposal conflicts with a later version; its author must revise it before a vote can be called.",
                _ => $"This proposal is {proposal.Status.ToString().ToLowerInvariant()}; there is nothing left to vote on.",
            }));
        }

        var agreement = (await session.LoadAsync<Agreement>(proposal.AgreementId, ct))!;
        var now = clock.GetUtcNow();
        var discussedFrom = proposal.RevisedAt.AddHours(agreement.Rules.MinDiscussionHours);
        if (now < discussedFrom)
        {
            return Calling.Refused(Problems.Conflict(
                $"The rules ask for {Words.Duration(agreement.Rules.MinDiscussionHours)} of discussion of the proposal's current text, which was last revised at {proposal.RevisedAt:u}. A vote can be called from {discussedFrom:u}."));
        }

        var drafted = await Drafting.PrepareAsync(session, proposal.AgreementId, proposal.BaseVersion, proposal.Changes, ct);
        if (drafted.Problem != WolverineContinue.NoProblems)
        {
            return Calling.Refused(drafted.Problem);
        }

        var closesAt = command.ClosesAt ?? now.AddHours(agreement.Rules.DefaultVotingHours);
        if (closesAt <= now || closesAt > now.AddDays(366))
        {
            return Calling.Refused(Problems.Unprocessable($"'closesAt' must be in the future and within a year; it is now {now:u}."));
        }

        var members = await session.Query<AgreementMembership>()
            .Where(m => m.AgreementId == proposal.AgreementId && (m.Role == AgreementRole.Member || m.Role == AgreementRole.Facilitator))
            .ToListAsync(ct);
        var people = (await session.LoadManyAsync<Participant>(ct, members.Select(m => m.ParticipantId))).ToDictionary(p => p.Id);
        var eligible = members.Select(m => new Voter(m.ParticipantId, people.GetValueOrDefault(m.ParticipantId)?.OrganisationId))
            .OrderBy(v => v.ParticipantId).ToList();
        return eligible.Count == 0
            ? Calling.Refused(Problems.Conflict("No one may vote: the agreement has no members or facilitators."))
            : new Calling(WolverineContinue.NoProblems, agreement.Rules, eligible, closesAt);
    }

    public static ProblemDetails Validate(Calling calling) => calling.Problem;

    /// <summary>
    /// A facilitator calls a ratification vote on an open proposal once it has been discussed for the rules'
    /// minimum period. The rules and the eligible voters (members and facilitators) are fixed now; the vote
    /// closes by itself at <c>closesAt</c>, even if the service restarts in between.
    /// </summary>
    [WolverinePost("/proposals/{id}/votes", OperationId = "callVote")]
    public static (Created<VoteCalledView>, Events, IStartStream, OutgoingMessages) Post(CallVote command, [WriteAggregate] Proposal proposal,
        Calling calling, ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var called = new VoteCalled(Guid.CreateVersion7(), proposal.Id, proposal.AgreementId, proposal.Revision, calling.Rules!, calling.Eligible,
            calling.ClosesAt, user.Actor(), now);
        return (TypedResults.Created($"/votes/{called.VoteId}", new VoteCalledView(called.VoteId, proposal.Id, called.ClosesAt, called.Eligible, called.Rules)),
            [new ProposalVoteOpened(proposal.Id, called.VoteId, now)],
            MartenOps.StartStream<Vote>(called.VoteId, called),
            [new CloseVote(called.VoteId, ClosedBecause.Deadline).ScheduledAt(called.ClosesAt)]);
    }
}
