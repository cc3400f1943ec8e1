using System.Globalization;
using System.Text;
using System.Text.Json;
using AgreementService.Agreements;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine;

namespace AgreementService.Webhooks;

/// <summary>Published in the ratifying transaction (the outbox): a new version exists.</summary>
public sealed record VersionPublished(Guid AgreementId, int Version);

/// <summary>One event for one webhook. <see cref="DeliveryId"/> is the webhook-id, the same through every retry.</summary>
public sealed record DeliverWebhook(Guid DeliveryId, Guid HookId, Guid AgreementId, int Version);

/// <summary>
/// What a webhook receives: the event's <c>type</c> (today only "agreement.version.ratified"), when it happened
/// and its data. Described in the OpenAPI document's <c>webhooks</c>.
/// </summary>
public sealed record WebhookEvent(string Type, DateTimeOffset Timestamp, VersionRatifiedData Data);

/// <summary>
/// A ratification: the agreement (id, slug, title), the new version's number, the proposal that made it and its title,
/// when it was ratified and how many changes it made (read the version, or the diff from the one before, for them).
/// </summary>
public sealed record VersionRatifiedData(Guid AgreementId, string Slug, string Title, int Version, Guid ProposalId, string ProposalTitle,
    DateTimeOffset RatifiedAt, int ChangeCount);

public sealed class WebhookDeliveryFailed(string message) : Exception(message);

public static class VersionPublishedHandler
{
    /// <summary>Fans a ratification out to the agreement's webhooks, one durable delivery each.</summary>
    public static async Task<OutgoingMessages> Handle(VersionPublished published, IQuerySession session, CancellationToken ct)
    {
        var hooks = await session.Query<Webhook>().Where(h => h.AgreementId == published.AgreementId && h.RemovedAt == null).ToListAsync(ct);
        OutgoingMessages deliveries = [];
        deliveries.AddRange(hooks.Select(h => new DeliverWebhook(Guid.CreateVersion7(), h.Id, published.AgreementId, published.Version)));
        return deliveries;
    }
}

public static class DeliverWebhookHandler
{
    public const string EventType = "agreement.version.ratified";

    /// <summary>
    /// Posts the event, signed, and records the attempt whatever happens. Anything but a 2xx throws, and the
    /// retry policy tries again later with growing delays, durably, across restarts.
    /// </summary>
    public static async Task Handle(DeliverWebhook delivery, IDocumentStore store, IHttpClientFactory clients, WebhookSettings settings, TimeProvider clock,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var hook = await session.LoadAsync<Webhook>(delivery.HookId, ct);
        var version = await session.LoadAsync<AgreementVersion>(AgreementVersion.IdFor(delivery.AgreementId, delivery.Version), ct);
        var agreement = await session.LoadAsync<Agreement>(delivery.AgreementId, ct);
        if (hook is null || hook.RemovedAt is not null || version?.ProposalId is not { } proposalId || agreement is null)
        {
            return;
        }

        var body = JsonSerializer.Serialize(new WebhookEvent(EventType, version.RatifiedAt, new VersionRatifiedData(agreement.Id, agreement.Slug, agreement.Title,
            version.Number, proposalId, version.Title, version.RatifiedAt, version.Changes.Count)),
            json.Value.SerializerOptions); // the API's own settings: times as the API writes them
        var now = clock.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", delivery.DeliveryId.ToString());
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", StandardWebhooks.Sign(hook.Secret, delivery.DeliveryId.ToString(), timestamp, body));

        DeliveryAttempt attempt;
        try
        {
            using var response = await clients.CreateClient(nameof(DeliverWebhookHandler)).SendAsync(request, ct);
            attempt = new DeliveryAttempt(now, (int)response.StatusCode, response.IsSuccessStatusCode ? null : response.ReasonPhrase);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // What the log says of a failure, and no more: which ports are open inside is nobody's business.
            attempt = new DeliveryAttempt(now, null, e switch
            {
                TaskCanceledException => "timed out",
                _ when e.Message.StartsWith("refused:", StringComparison.Ordinal) => "refused: the address is not public",
                _ => "connection failed",
            });
        }

        // Logged in a session of its own, so the log keeps failed attempts while the delivery is retried.
        var log = await session.LoadAsync<WebhookDelivery>(delivery.DeliveryId, ct)
            ?? new WebhookDelivery(delivery.DeliveryId, hook.Id, delivery.AgreementId, EventType, delivery.Version);
        var delivered = attempt.Status is >= 200 and < 300;
        session.Store(log with { Attempts = [.. log.Attempts, attempt], DeliveredAt = delivered ? now : log.DeliveredAt });
        var givenUp = !delivered && now - log.Attempts.Append(attempt).First().At >= TimeSpan.FromHours(settings.GiveUpAfterHours);
        if (delivered ? hook.FailingSince is not null : givenUp && hook.FailingSince is null)
        {
            session.Store(hook with { FailingSince = delivered ? null : now });
        }

        await session.SaveChangesAsync(ct);
        if (!delivered && !givenUp)
        {
            throw new WebhookDeliveryFailed($"Webhook {hook.Id} answered {attempt.Status?.ToString(CultureInfo.InvariantCulture) ?? attempt.Error}.");
        }
    }
}
