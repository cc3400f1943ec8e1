using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Webhooks;

public static class GetWebhookEndpoint
{
    public static Task<(Webhook?, Access.Standing)> LoadAsync(Guid id, Guid hookId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Webhook.LoadAsync(session, id, hookId, user, ct);

    public static ProblemDetails Validate(Webhook? hook, Access.Standing standing) => Webhook.Require(hook, standing);

    /// <summary>The webhook, without its secret.</summary>
    [WolverineGet("/agreements/{id}/webhooks/{hookId}", OperationId = "getWebhook")]
    public static WebhookView Get(Webhook hook) => WebhookView.From(hook);
}
