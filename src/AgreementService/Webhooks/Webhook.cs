using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using AgreementService.Access;
using AgreementService.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace AgreementService.Webhooks;

/// <summary>A partner's endpoint, told of every ratification of one agreement. The secret signs each delivery.</summary>
public sealed record Webhook(Guid Id, Guid AgreementId, string Url, string Secret, DateTimeOffset CreatedAt, string CreatedBy)
{
    public DateTimeOffset? RemovedAt { get; init; }

    /// <summary>Since when its deliveries have been given up (none answered 2xx for a day); cleared by the next that succeeds.</summary>
    public DateTimeOffset? FailingSince { get; init; }

    /// <summary>The agreement's webhook (null when the agreement has none by that id) and the caller's standing in the agreement.</summary>
    public static async Task<(Webhook?, Standing)> LoadAsync(IQuerySession session, Guid agreementId, Guid hookId, ClaimsPrincipal caller, CancellationToken ct) =>
        (await session.LoadAsync<Webhook>(hookId, ct) is { } hook && hook.AgreementId == agreementId ? hook : null,
            await Standing.LoadAsync(session, agreementId, caller, ct));

    /// <summary>Webhooks are the facilitators'; one the agreement does not have is 404.</summary>
    public static ProblemDetails Require(Webhook? hook, Standing standing) =>
        standing.Require(AgreementRole.Facilitator).Then(() => hook is null ? Problems.NotFound("webhook of this agreement") : Wolverine.Http.WolverineContinue.NoProblems);
}

public sealed record WebhookView(Guid Id, string Url, DateTimeOffset CreatedAt, DateTimeOffset? RemovedAt, DateTimeOffset? FailingSince)
{
    public static WebhookView From(Webhook hook) => new(hook.Id, hook.Url, hook.CreatedAt, hook.RemovedAt, hook.FailingSince);
}

public sealed record DeliveryAttempt(DateTimeOffset At, int? Status, string? Error);

/// <summary>One event delivered (or being delivered) to one webhook: its id stays the same through every retry.</summary>
public sealed record WebhookDelivery(Guid Id, Guid HookId, Guid AgreementId, string Type, int Version)
{
    public IReadOnlyList<DeliveryAttempt> Attempts { get; init; } = [];

    public DateTimeOffset? DeliveredAt { get; init; }
}

/// <summary>One attempt to deliver an event: when, and the receiver's status, or why there was none.</summary>
public sealed record DeliveryAttemptView(DateTimeOffset AttemptedAt, int? Status, string? Error);

/// <summary>One event sent (or being sent) to the webhook, with every attempt, oldest first; <c>id</c> is the webhook-id, the same through every retry.</summary>
public sealed record WebhookDeliveryView(Guid Id, Guid HookId, Guid AgreementId, string Type, int Version, IReadOnlyList<DeliveryAttemptView> Attempts,
    DateTimeOffset? DeliveredAt)
{
    public static WebhookDeliveryView From(WebhookDelivery d) =>
        new(d.Id, d.HookId, d.AgreementId, d.Type, d.Version, [.. d.Attempts.Select(a => new DeliveryAttemptView(a.At, a.Status, a.Error))], d.DeliveredAt);
}

/// <summary>Signatures by the Standard Webhooks convention: v1,base64(HMAC-SHA256(secret, "{id}.{timestamp}.{body}")).</summary>
public static class StandardWebhooks
{
    private const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Why a secret cannot sign: a "whsec_" secret must carry base64 of at least 24 bytes after its prefix.</summary>
    public static string? SecretProblem(string secret)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var key = new byte[secret.Length];
        return Convert.TryFromBase64String(secret[SecretPrefix.Length..], key, out var length) && length >= 24
            ? null
            : "A 'whsec_' secret is followed by the base64 of at least 24 random bytes; leave 'secret' out to have one made.";
    }

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = secret.StartsWith(SecretPrefix, StringComparison.Ordinal)
            ? Convert.FromBase64String(secret[SecretPrefix.Length..])
            : Encoding.UTF8.GetBytes(secret);
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
    }
}
