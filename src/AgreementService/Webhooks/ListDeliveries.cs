using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Webhooks;

public static class ListDeliveriesEndpoint
{
    public static Task<(Webhook?, Standing)> LoadAsync(Guid id, Guid hookId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Webhook.LoadAsync(session, id, hookId, user, ct);

    public static ProblemDetails Validate(Webhook? hook, int? page, int? pageSize, Standing standing) =>
        Webhook.Require(hook, standing).Then(() => Paging.Problem(page, pageSize));

    /// <summary>The events sent to the webhook, newest first, a page at a time, with each attempt's time and outcome.</summary>
    [WolverineGet("/agreements/{id}/webhooks/{hookId}/deliveries", OperationId = "listDeliveries")]
    public static async Task<Paged<WebhookDeliveryView>> Get(Guid hookId, int? page, int? pageSize, IQuerySession session, CancellationToken ct) =>
        (await Paging.Of(page, pageSize).ListAsync(session.Query<WebhookDelivery>().Where(d => d.HookId == hookId), q => q.OrderByDescending(d => d.Id), ct))
            .Map(WebhookDeliveryView.From);
}
