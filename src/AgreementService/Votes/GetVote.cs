using System.Security.Claims;
using AgreementService.Access;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Votes;

public static class GetVoteEndpoint
{
    public static Task<(Vote?, Standing)> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Vote.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(Standing standing) => standing.Require(AgreementRole.Observer);

    /// <summary>The vote: its rules, eligible voters, the ballots that count and, once closed, the tally and why.</summary>
    [WolverineGet("/votes/{id}", OperationId = "getVote")]
    public static async Task<VoteView> Get(Vote vote, IQuerySession session, CancellationToken ct) => VoteView.From(vote, await VoterNames.LoadAsync(session, vote, ct));
}
