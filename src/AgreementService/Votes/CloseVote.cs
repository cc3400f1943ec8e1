using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Http;
using Wolverine.Runtime.Handlers;


namespace AgreementService.Votes;

/// <summary>Closes a vote at its deadline, or as soon as everyone has voted when the rules say so.</summary>
public static class CloseVoteHandler
{
    /// <summary>
    /// A vote must end: a close that fails for any reason (a lost race, the database away longer than the quick retries)
    /// is tried again shortly and then every few minutes, never moved to the error queue.
    /// </summary>
    public static void Configure(HandlerChain chain) =>
        chain.OnAnyException().RetryWithCooldown(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1))
            .Then.ScheduleRetryIndefinitely(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));

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
    public static Task<(Vote?, Standing)> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Vote.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(Vote? vote, Standing standing, TimeProvider clock) =>
        standing.Require(AgreementRole.Facilitator).Then(() => vote!.Status == VoteStatus.Open ? WolverineContinue.NoProblems : VoteClosing.Ended(vote, clock.GetUtcNow())!);

    /// <summary>A facilitator closes the vote now. The answer is the tally, with why the vote passed or failed.</summary>
    [WolverinePost("/votes/{id}/close", OperationId = "closeVote")]
    [ProducesResponseType(typeof(TallyResult), 200)]
    public static async Task<(IResult, OutgoingMessages)> Post(Guid id, IDocumentSession session, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var (vote, messages) = await VoteClosing.CloseAsync(session, id, ClosedBecause.Facilitator, user.Actor(), clock.GetUtcNow(), ct);
        return (vote!.Tally is { } tally && vote.ClosedBecause == ClosedBecause.Facilitator
            ? TypedResults.Ok(tally)
            : TypedResults.Problem(VoteClosing.Ended(vote, clock.GetUtcNow()) ?? Problems.Conflict("The vote ended meanwhile.")), messages);
    }
}
