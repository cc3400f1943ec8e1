using System.Security.Claims;
using AgreementService.Access;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Agreements;

public static class GetDecisionRulesEndpoint
{
    public static Task<Standing> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) => Standing.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(Standing standing) => standing.Require(AgreementRole.Observer);

    /// <summary>How the agreement decides: the method, threshold, quorum, voting unit, blocks that defeat a proposal, the discussion before a vote and the vote's length. Any member may read them.</summary>
    [WolverineGet("/agreements/{id}/decision-rules", OperationId = "getDecisionRules")]
    public static async Task<DecisionRules> Get(Guid id, IQuerySession session, CancellationToken ct) =>
        (await session.LoadAsync<Agreement>(id, ct))!.Rules;
}
