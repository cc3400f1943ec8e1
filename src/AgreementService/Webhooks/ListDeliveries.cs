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

    public const int MaxLimit = 200;

    public static ProblemDetails Validate(Webhook? hook, int? limit, Standing standing) =>
        limit is < 1 or > MaxLimit
            ? Problems.Create(StatusCodes.Status400BadRequest, $"'limit' is between 1 and {MaxLimit}.")
            : Webhook.Require(hook, standing);

    /// <summary>The latest events sent to the webhook (50, or up to 200 with 'limit'), newest first, with each attempt's time and outcome.</summary>
    [WolverineGet("/agreements/{id}/webhooks/{hookId}/deliveries", OperationId = "listDeliveries")]
    public static async Task<IReadOnlyList<WebhookDelivery>> Get(Guid hookId, int? limit, IQuerySession session, CancellationToken ct) =>
        await session.Query<WebhookDelivery>().Where(d => d.HookId == hookId).OrderByDescending(d => d.Id).Take(limit ?? 50).ToListAsync(ct);
}
