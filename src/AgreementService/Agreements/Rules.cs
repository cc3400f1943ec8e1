using System.Security.Claims;
using AgreementService.Access;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Agreements;

public static class GetDecisionRulesEndpoint
{
    public static Task<ProblemDetails> ValidateAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        session.RequireAsync(id, user, AgreementRole.Observer, ct);

    [WolverineGet("/agreements/{id}/decision-rules", OperationId = "getDecisionRules")]
    public static async Task<DecisionRules> Get(Guid id, IQuerySession session, CancellationToken ct) =>
        (await session.LoadAsync<Agreement>(id, ct))!.Rules;
}

public static class SetDecisionRulesEndpoint
{
    public static Task<ProblemDetails> ValidateAsync(Agreement agreement, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        session.RequireAsync(agreement.Id, user, AgreementRole.Facilitator, ct);

    /// <summary>Replaces the rules. Votes already called keep the rules they were called with.</summary>
    [WolverinePut("/agreements/{id}/decision-rules", OperationId = "setDecisionRules")]
    public static (DecisionRules, Events) Put([WriteAggregate] Agreement agreement, [FromBody] DecisionRulesInput rules, ClaimsPrincipal user, TimeProvider clock)
    {
        var set = rules.ToRules();
        return (set, [new DecisionRulesSet(agreement.Id, set, user.Actor(), clock.GetUtcNow())]);
    }
}
