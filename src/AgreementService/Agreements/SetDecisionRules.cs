using System.Security.Claims;
using AgreementService.Access;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Agreements;

public static class SetDecisionRulesEndpoint
{
    public static Task<Standing> LoadAsync(Agreement agreement, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Standing.LoadAsync(session, agreement.Id, user, ct);

    public static ProblemDetails Validate(Standing standing) => standing.Require(AgreementRole.Facilitator);

    /// <summary>Replaces the rules. Votes already called keep the rules they were called with.</summary>
    [WolverinePut("/agreements/{id}/decision-rules", OperationId = "setDecisionRules")]
    public static (DecisionRules, Events) Put([WriteAggregate] Agreement agreement, [FromBody] DecisionRulesInput rules, ClaimsPrincipal user, TimeProvider clock)
    {
        var set = rules.ToRules(agreement.Rules);
        return (set, [new DecisionRulesSet(agreement.Id, set, user.Actor(), clock.GetUtcNow())]);
    }
}
