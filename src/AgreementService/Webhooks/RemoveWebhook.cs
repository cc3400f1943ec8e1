using System.Security.Claims;
using AgreementService.Access;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Webhooks;

public static class RemoveWebhookEndpoint
{
    public static Task<(Webhook?, Standing)> LoadAsync(Guid id, Guid hookId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Webhook.LoadAsync(session, id, hookId, user, ct);

    public static ProblemDetails Validate(Webhook? hook, Standing standing) => Webhook.Require(hook, standing);

    /// <summary>Stops deliveries to the webhook. Its delivery log is kept.</summary>
    [WolverineDelete("/agreements/{id}/webhooks/{hookId}", OperationId = "removeWebhook")]
    [EmptyResponse]
    public static IMartenOp Delete([NotBody] Webhook hook, TimeProvider clock) => MartenOps.Store(hook with { RemovedAt = hook.RemovedAt ?? clock.GetUtcNow() });
}
