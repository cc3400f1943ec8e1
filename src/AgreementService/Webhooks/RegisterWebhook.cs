using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Infrastructure;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace AgreementService.Webhooks;

/// <summary>Where to post, and optionally the signing secret (Standard Webhooks "whsec_…"); left out, one is made and shown once.</summary>
public sealed record RegisterWebhook(string Url, string? Secret);

public sealed class RegisterWebhookValidator : AbstractValidator<RegisterWebhook>
{
    public RegisterWebhookValidator()
    {
        RuleFor(x => x.Url).NotEmpty().MaximumLength(2_000)
            .Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            .WithMessage("'url' must be an absolute http or https address.");
        RuleFor(x => x.Secret).MinimumLength(16).MaximumLength(200);
    }
}

public sealed record WebhookRegistered(Guid Id, string Url, string Secret, DateTimeOffset CreatedAt);

public static class RegisterWebhookEndpoint
{
    public static Task<ProblemDetails> ValidateAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        session.RequireAsync(id, user, AgreementRole.Facilitator, ct);

    /// <summary>
    /// On every ratification the service posts a signed JSON event to the url (headers webhook-id,
    /// webhook-timestamp, webhook-signature), retrying with backoff until it answers 2xx. The secret is shown once.
    /// </summary>
    [WolverinePost("/agreements/{id}/webhooks", OperationId = "registerWebhook")]
    public static (Created<WebhookRegistered>, IMartenOp) Post(RegisterWebhook command, Guid id, ClaimsPrincipal user, TimeProvider clock)
    {
        var hook = new Webhook(Guid.CreateVersion7(), id, command.Url, command.Secret ?? StandardWebhooks.NewSecret(), clock.GetUtcNow(), user.Actor());
        return (TypedResults.Created($"/agreements/{id}/webhooks/{hook.Id}", new WebhookRegistered(hook.Id, hook.Url, hook.Secret, hook.CreatedAt)),
            MartenOps.Store(hook));
    }
}

public static class ListWebhooksEndpoint
{
    public static Task<ProblemDetails> ValidateAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        session.RequireAsync(id, user, AgreementRole.Facilitator, ct);

    /// <summary>The agreement's webhooks, without their secrets.</summary>
    [WolverineGet("/agreements/{id}/webhooks", OperationId = "listWebhooks")]
    public static async Task<IReadOnlyList<WebhookView>> Get(Guid id, IQuerySession session, CancellationToken ct) =>
        (await session.Query<Webhook>().Where(h => h.AgreementId == id).OrderBy(h => h.CreatedAt).ToListAsync(ct)).Select(WebhookView.From).ToList();
}

public static class RemoveWebhookEndpoint
{
    public static Task<Webhook?> LoadAsync(Guid id, Guid hookId, IQuerySession session, CancellationToken ct) => Webhooks.LoadAsync(session, id, hookId, ct);

    public static Task<ProblemDetails> ValidateAsync(Guid id, Webhook? hook, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Webhooks.RequireAsync(session, id, hook, user, ct);

    /// <summary>Stops deliveries to the webhook. Its delivery log is kept.</summary>
    [WolverineDelete("/agreements/{id}/webhooks/{hookId}", OperationId = "removeWebhook")]
    [EmptyResponse]
    public static IMartenOp Delete([NotBody] Webhook hook, TimeProvider clock) => MartenOps.Store(hook with { RemovedAt = hook.RemovedAt ?? clock.GetUtcNow() });
}

public static class ListDeliveriesEndpoint
{
    public static Task<Webhook?> LoadAsync(Guid id, Guid hookId, IQuerySession session, CancellationToken ct) => Webhooks.LoadAsync(session, id, hookId, ct);

    public const int MaxLimit = 200;

    public static Task<ProblemDetails> ValidateAsync(Guid id, Webhook? hook, int? limit, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        limit is < 1 or > MaxLimit
            ? Task.FromResult(Problems.Create(StatusCodes.Status400BadRequest, $"'limit' is between 1 and {MaxLimit}."))
            : Webhooks.RequireAsync(session, id, hook, user, ct);

    /// <summary>The latest events sent to the webhook (50, or up to 200 with 'limit'), newest first, with each attempt's time and outcome.</summary>
    [WolverineGet("/agreements/{id}/webhooks/{hookId}/deliveries", OperationId = "listDeliveries")]
    public static async Task<IReadOnlyList<WebhookDelivery>> Get(Guid hookId, int? limit, IQuerySession session, CancellationToken ct) =>
        await session.Query<WebhookDelivery>().Where(d => d.HookId == hookId).OrderByDescending(d => d.Id).Take(limit ?? 50).ToListAsync(ct);
}

internal static class Webhooks
{
    public static async Task<Webhook?> LoadAsync(IQuerySession session, Guid agreementId, Guid hookId, CancellationToken ct) =>
        await session.LoadAsync<Webhook>(hookId, ct) is { } hook && hook.AgreementId == agreementId ? hook : null;

    public static async Task<ProblemDetails> RequireAsync(IQuerySession session, Guid agreementId, Webhook? hook, ClaimsPrincipal user, CancellationToken ct)
    {
        var access = await session.RequireAsync(agreementId, user, AgreementRole.Facilitator, ct);
        return access != WolverineContinue.NoProblems ? access : hook is null ? Problems.NotFound("webhook of this agreement") : WolverineContinue.NoProblems;
    }
}
