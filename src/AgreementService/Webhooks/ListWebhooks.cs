using System.Security.Claims;
using AgreementService.Access;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Webhooks;

public static class ListWebhooksEndpoint
{
    public static Task<Standing> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) => Standing.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(Standing standing) => standing.Require(AgreementRole.Facilitator);

    /// <summary>The agreement's webhooks, without their secrets.</summary>
    [WolverineGet("/agreements/{id}/webhooks", OperationId = "listWebhooks")]
    public static async Task<IReadOnlyList<WebhookView>> Get(Guid id, IQuerySession session, CancellationToken ct) =>
        (await session.Query<Webhook>().Where(h => h.AgreementId == id).OrderBy(h => h.CreatedAt).ToListAsync(ct)).Select(WebhookView.From).ToList();
}
