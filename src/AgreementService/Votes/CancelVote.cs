using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using AgreementService.Proposals;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;


namespace AgreementService.Votes;

public sealed record CancelVote(string Reason);

public sealed class CancelVoteValidator : AbstractValidator<CancelVote>
{
    public CancelVoteValidator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(2_000);
}

public static class CancelVoteEndpoint
{
    public static async Task<(Standing, People)> LoadAsync(Vote vote, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        (await Standing.LoadAsync(session, vote.AgreementId, user, ct), await VoterNames.LoadAsync(session, vote, ct));

    public static ProblemDetails Validate(Vote vote, Standing standing) =>
        standing.Require(AgreementRole.Facilitator).Then(() => vote.Status == VoteStatus.Open ? WolverineContinue.NoProblems : VoteClosing.Ended(vote, DateTimeOffset.MinValue)!);

    /// <summary>A facilitator cancels the vote, saying why. Nothing is counted; the proposal is open again.</summary>
    [WolverinePost("/votes/{id}/cancel", OperationId = "cancelVote")]
    public static (VoteView, Events, IMartenOp) Post(CancelVote command, [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive)] Vote vote, People voters,
        ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var cancelled = new VoteCancelled(vote.Id, vote.ProposalId, vote.AgreementId, command.Reason.Trim(), user.Actor(), now);
        return (VoteView.From(vote.Apply(cancelled), voters), [cancelled], MartenOps.Append(vote.ProposalId, new ProposalVoteCancelled(vote.ProposalId, vote.Id, now)));
    }
}
