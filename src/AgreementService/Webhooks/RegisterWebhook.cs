using System.Security.Claims;
using AgreementService.Access;
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
    public static Task<Standing> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) => Standing.LoadAsync(session, id, user, ct);

    public static ProblemDetails Validate(Standing standing) => standing.Require(AgreementRole.Facilitator);

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
