using System.Net;
using AgreementService.Infrastructure;
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
/// <param name="Url" example="https://partner.example.org/hooks/agreement">A public http(s) address, without credentials.</param>
/// <param name="Secret">16 to 200 characters, or a whsec_ secret; left out, one is made.</param>
public sealed record RegisterWebhook(string Url, string? Secret);

public sealed class RegisterWebhookValidator : AbstractValidator<RegisterWebhook>
{
    public RegisterWebhookValidator()
    {
        RuleFor(x => x.Url).NotEmpty().MaximumLength(2_000)
            .Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            .WithMessage("'url' must be an absolute http or https address.");
        RuleFor(x => x.Secret).MinimumLength(16).MaximumLength(200)
            .Must(s => StandardWebhooks.SecretProblem(s!) is null).When(x => x.Secret is not null)
            .WithMessage(x => StandardWebhooks.SecretProblem(x.Secret!));
    }
}

public sealed record WebhookRegistered(Guid Id, string Url, string Secret, DateTimeOffset CreatedAt);

/// <summary>How many webhooks the agreement has (a type of its own: a bare int would be read from the query string).</summary>
public sealed record RegisteredWebhooks(int Count);

public static class RegisterWebhookEndpoint
{
    /// <summary>The caller's standing; for a facilitator, also the addresses the url resolves to now and how many webhooks the agreement has.</summary>
    public static async Task<(Standing, IReadOnlyList<IPAddress>, RegisteredWebhooks)> LoadAsync(Guid id, RegisterWebhook command, ClaimsPrincipal user, IQuerySession session,
        CancellationToken ct)
    {
        var standing = await Standing.LoadAsync(session, id, user, ct);
        return standing.May(AgreementRole.Facilitator)
            ? (standing, await Destinations.ResolveAsync(command.Url, ct),
                new RegisteredWebhooks(await session.Query<Webhook>().CountAsync(h => h.AgreementId == id && h.RemovedAt == null, ct)))
            : (standing, [], new RegisteredWebhooks(0));
    }

    /// <summary>A facilitator registers a url that reaches a public address (every address its name resolves to), within the agreement's cap.</summary>
    public static ProblemDetails Validate(RegisterWebhook command, Standing standing, IReadOnlyList<IPAddress> addresses, RegisteredWebhooks registered,
        WebhookSettings settings) =>
        standing.Require(AgreementRole.Facilitator).Then(() =>
            (Destinations.UrlProblem(command.Url, settings.AllowPrivateAddresses) ?? Destinations.AddressProblem(addresses, settings.AllowPrivateAddresses)) is { } problem
                ? Problems.Unprocessable(problem)
                : registered.Count >= settings.MaxPerAgreement
                    ? Problems.Conflict($"This agreement has {registered.Count} webhooks, the most it may have. Remove one first.")
                    : WolverineContinue.NoProblems);

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
