using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Votes;

public static class GetVoteEndpoint
{
    public static Task<Vote?> LoadAsync(Guid id, IQuerySession session, CancellationToken ct) => session.LoadAsync<Vote>(id, ct);

    public static async Task<ProblemDetails> ValidateAsync(Vote? vote, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        vote is null ? Problems.NotFound("vote") : await session.RequireAsync(vote.AgreementId, user, AgreementRole.Observer, ct);

    /// <summary>The vote: its rules, eligible voters, the ballots that count and, once closed, the tally and why.</summary>
    [WolverineGet("/votes/{id}", OperationId = "getVote")]
    public static Task<VoteView> Get(Vote vote, IQuerySession session, CancellationToken ct) => VoteView.LoadAsync(session, vote, ct);
}
