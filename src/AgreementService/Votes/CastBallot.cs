using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Votes;

/// <summary>A ballot: one of the four choices, and a reason (required to block).</summary>
/// <param name="Choice" example="agree">agree, abstain (stand aside), object (a concern that does not stop it) or block.</param>
/// <param name="Reason" example="It reads more clearly, and changes nothing we rely on.">Why; required with block.</param>
public sealed record CastBallot(Choice? Choice, string? Reason);

public sealed class CastBallotValidator : AbstractValidator<CastBallot>
{
    public CastBallotValidator()
    {
        RuleFor(x => x.Choice).NotNull().WithMessage("'choice' must be agree, abstain, object or block.");
        RuleFor(x => x.Reason).NotEmpty().When(x => x.Choice == Choice.Block)
            .WithMessage("A block is a principled objection: give the reason for it in 'reason'.");
        RuleFor(x => x.Reason).MaximumLength(5_000);
    }
}

public static class CastBallotEndpoint
{
    public static Task<Standing> LoadAsync(Vote vote, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Standing.LoadAsync(session, vote.AgreementId, user, ct);

    /// <summary>A ballot is taken from a voter of the electorate while the vote is open.</summary>
    public static ProblemDetails Validate(Vote vote, Standing standing, TimeProvider clock) =>
        standing.Require(AgreementRole.Observer, asParticipant: true).Then(() => Eligibility(vote, standing.Caller.ParticipantId()!.Value, clock.GetUtcNow()));

    private static ProblemDetails Eligibility(Vote vote, Guid voter, DateTimeOffset now)
    {
        if (vote.Left.FirstOrDefault(l => l.ParticipantId == voter) is { } left)
        {
            return Problems.Create(StatusCodes.Status403Forbidden,
                $"You left this vote's electorate at {left.At:u} ({left.Why}); you may no longer vote in it{(vote.Ballots.Any(b => b.VoterId == voter) ? ", and the ballot you cast before is not counted" : "")}.");
        }

        if (vote.Eligible.All(v => v.ParticipantId != voter))
        {
            return Problems.Create(StatusCodes.Status403Forbidden,
                "You are not among this vote's eligible voters: they are the members and facilitators of the agreement when the vote was called.");
        }

        return VoteClosing.Ended(vote, now) ?? WolverineContinue.NoProblems;
    }

    /// <summary>
    /// The caller's own ballot: agree, abstain (stand aside), object, or block (with a reason). Casting again
    /// replaces it until the vote closes; every ballot is kept in the audit trail.
    /// </summary>
    [WolverinePut("/votes/{id}/ballot", OperationId = "castBallot")]
    public static (BallotView, Events, OutgoingMessages) Put(CastBallot command, [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive)] Vote vote,
        ClaimsPrincipal user, TimeProvider clock)
    {
        var voter = vote.Eligible.First(v => v.ParticipantId == user.ParticipantId());
        var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
        var cast = new BallotCast(vote.Id, vote.ProposalId, vote.AgreementId, voter.ParticipantId, command.Choice!.Value, reason, user.Actor(), clock.GetUtcNow());
        OutgoingMessages messages = [];
        if (vote.Rules.CloseWhenAllVoted && vote.Apply(cast).AllVoted)
        {
            messages.Add(new CloseVote(vote.Id, ClosedBecause.AllVoted));
        }

        return (new BallotView(user.AsPerson(), voter.OrganisationId, cast.Choice, reason, cast.At), [cast], messages);
    }
}
