using AgreementService.Infrastructure;
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using AgreementService.Tests.Support;
using AgreementService.Webhooks;

namespace AgreementService.Tests.Publishing;

public sealed class WebhookTests(AppFixture app) : IntegrationContext(app)
{
    private sealed record Received(string Id, string Timestamp, string Signature, string Body);

    [Fact]
    public async Task a_ratification_is_delivered_signed_and_retried_until_the_receiver_answers_2xx()
    {
        var received = new ConcurrentQueue<Received>();
        await using var receiver = new LocalSite((request, body) =>
        {
            received.Enqueue(new Received(request.Headers["webhook-id"]!, request.Headers["webhook-timestamp"]!, request.Headers["webhook-signature"]!, body));
            return received.Count <= 2 ? (500, "text/plain", "not yet") : (204, "text/plain", "");
        });
        var c = await Api.CommunityAsync();
        var hook = (await Api.PostAsync($"/agreements/{c.AgreementId}/webhooks", c.Facilitator.Token, new { url = $"{receiver.Url}/hooks" }))
            .ShouldBe(HttpStatusCode.Created).Json;
        var secret = hook["secret"]!.GetValue<string>();
        secret.ShouldStartWith("whsec_");

        var proposal = await Api.RatifyAsync(c, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "3") });

        await Poll.UntilAsync(() => received.Count >= 3, TimeSpan.FromSeconds(40));

        (await ServiceDatabase.UntilQuietAsync(App.ConnectionString, TimeSpan.FromSeconds(30))).ShouldBeTrue("the service settled");
        var deliveries = received.ToList();
        deliveries.Count.ShouldBe(3, "two failures, then the delivery that succeeded, and nothing after it");
        deliveries.Select(d => d.Id).Distinct().Count().ShouldBe(1, "every retry carries the same event id");
        foreach (var delivery in deliveries)
        {
            delivery.Signature.ShouldBe(StandardWebhooks.Sign(secret, delivery.Id, long.Parse(delivery.Timestamp, System.Globalization.CultureInfo.InvariantCulture), delivery.Body));
        }

        Contract.CheckWebhook("agreement.version.ratified", deliveries[^1].Body);
        var payload = JsonNode.Parse(deliveries[^1].Body)!;
        payload["type"]!.GetValue<string>().ShouldBe("agreement.version.ratified");
        (payload["data"]!["version"]!.GetValue<int>(), payload["data"]!["proposalId"]!.GetValue<string>(), payload["data"]!["slug"]!.GetValue<string>())
            .ShouldBe((2, proposal, "community-agreement"));
        payload["timestamp"]!.GetValue<string>().ShouldMatch(Timestamps.Utc);
        payload["data"]!["ratifiedAt"]!.GetValue<string>().ShouldBe(payload["timestamp"]!.GetValue<string>());
        payload["data"]!["changeCount"]!.GetValue<int>().ShouldBe(1);

        var log = (await Api.GetAsync($"/agreements/{c.AgreementId}/webhooks/{hook["id"]}/deliveries", c.Facilitator.Token)).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray();
        var entry = log.Single()!;
        entry["id"]!.GetValue<string>().ShouldBe(deliveries[0].Id);
        entry["attempts"]!.AsArray().Select(a => a!["status"]!.GetValue<int>()).ShouldBe([500, 500, 204]);
        entry["deliveredAt"].ShouldNotBeNull();
    }

    [Fact]
    public async Task a_removed_webhook_is_told_nothing_and_secrets_are_never_listed()
    {
        var received = new ConcurrentQueue<string>();
        await using var receiver = new LocalSite((_, body) => { received.Enqueue(body); return (200, "text/plain", ""); });
        var c = await Api.CommunityAsync();
        var hook = (await Api.PostAsync($"/agreements/{c.AgreementId}/webhooks", c.Facilitator.Token, new { url = receiver.Url, secret = "a-secret-of-our-own-choosing" }))
            .ShouldBe(HttpStatusCode.Created)["id"];
        (await Api.PostAsync($"/agreements/{c.AgreementId}/webhooks", c.Facilitator.Token, new { url = "ftp://example.org" })).ShouldBeProblem(HttpStatusCode.BadRequest);

        (await Api.DeleteAsync($"/agreements/{c.AgreementId}/webhooks/{hook}", c.Facilitator.Token)).ShouldBe(HttpStatusCode.NoContent);
        await Api.RatifyAsync(c, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "3") });
        (await ServiceDatabase.UntilQuietAsync(App.ConnectionString, TimeSpan.FromSeconds(30))).ShouldBeTrue("the service settled");

        received.ShouldBeEmpty();
        var listed = (await Api.GetAsync($"/agreements/{c.AgreementId}/webhooks", c.Facilitator.Token)).ShouldBe(HttpStatusCode.OK);
        listed.Body.ShouldNotContain("a-secret-of-our-own-choosing");
        listed.Json[0]!["removedAt"].ShouldNotBeNull();
    }

    [Fact]
    public async Task an_agreement_has_at_most_ten_webhooks_and_no_query_string_lifts_the_cap()
    {
        var c = await Api.CommunityAsync();
        for (var i = 0; i < 10; i++)
        {
            (await Api.PostAsync($"/agreements/{c.AgreementId}/webhooks", c.Facilitator.Token, new { url = $"http://127.0.0.1:9/hooks{i}" }))
                .ShouldBe(HttpStatusCode.Created);
        }

        (await Api.PostAsync($"/agreements/{c.AgreementId}/webhooks", c.Facilitator.Token, new { url = "http://127.0.0.1:9/one-too-many" }))
            .ShouldRefuse(HttpStatusCode.Conflict).ShouldContain("10 webhooks");
        (await Api.PostAsync($"/agreements/{c.AgreementId}/webhooks?registered=0", c.Facilitator.Token, new { url = "http://127.0.0.1:9/one-too-many" }))
            .ShouldBeProblem(HttpStatusCode.Conflict);
        (await Api.GetAsync($"/agreements/{c.AgreementId}/webhooks", c.Facilitator.Token)).ShouldBe(HttpStatusCode.OK).Json.AsArray().Count.ShouldBe(10);
    }

    [Fact]
    public async Task a_redirect_is_not_followed_and_the_log_says_what_the_receiver_answered()
    {
        var elsewhere = new ConcurrentQueue<string>();
        await using var target = new LocalSite((_, body) => { elsewhere.Enqueue(body); return (200, "text/plain", ""); });
        var asked = new ConcurrentQueue<string>();
        await using var receiver = new LocalSite((_, body) => { asked.Enqueue(body); return (307, "text/plain", $"{target.Url}/stolen"); });
        var c = await Api.CommunityAsync();
        var hook = (await Api.PostAsync($"/agreements/{c.AgreementId}/webhooks", c.Facilitator.Token, new { url = receiver.Url })).ShouldBe(HttpStatusCode.Created)["id"];

        await Api.RatifyAsync(c, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "3") });

        (await Poll.UntilAsync(() => asked.Count >= 2, TimeSpan.FromSeconds(30))).ShouldBeTrue("tried, and tried again after a second");
        elsewhere.ShouldBeEmpty("the signed POST is never re-sent where a redirect points");
        var log = (await Api.GetAsync($"/agreements/{c.AgreementId}/webhooks/{hook}/deliveries", c.Facilitator.Token)).As<Paged<WebhookDeliveryView>>().Items.Single();
        log.Attempts[0].Status.ShouldBe(307);
        log.DeliveredAt.ShouldBeNull();
    }

    [Fact]
    public async Task a_delivery_failing_past_the_give_up_time_ends_and_marks_its_webhook_failing_and_a_later_success_clears_it()
    {
        var accept = false;
        await using var receiver = new LocalSite((_, _) => Volatile.Read(ref accept) ? (204, "text/plain", "") : (503, "text/plain", "down"));
        var c = await Api.CommunityAsync();
        var hook = Guid.Parse((await Api.PostAsync($"/agreements/{c.AgreementId}/webhooks", c.Facilitator.Token, new { url = receiver.Url })).ShouldBe(HttpStatusCode.Created)["id"]);
        await Api.RatifyAsync(c, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "3") });
        var services = App.Host.Services;
        var givingUpAtOnce = new WebhookSettings(AllowPrivateAddresses: true, GiveUpAfterHours: 0);
        Task Deliver() => DeliverWebhookHandler.Handle(new DeliverWebhook(Guid.NewGuid(), hook, Guid.Parse(c.AgreementId), 2), App.Store,
            services.GetRequiredService<IHttpClientFactory>(), givingUpAtOnce, TimeProvider.System,
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>(), CancellationToken.None);

        await Deliver(); // fails, and is given up instead of thrown for a retry

        var failing = (await Api.GetAsync($"/agreements/{c.AgreementId}/webhooks/{hook}", c.Facilitator.Token)).As<WebhookView>();
        failing.FailingSince.ShouldNotBeNull("visible as failing");
        Volatile.Write(ref accept, true);
        await Deliver();
        (await Api.GetAsync($"/agreements/{c.AgreementId}/webhooks/{hook}", c.Facilitator.Token)).As<WebhookView>().FailingSince.ShouldBeNull();
    }
}
