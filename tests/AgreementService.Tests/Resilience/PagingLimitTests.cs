using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Resilience;

/// <summary>No list or body is unbounded: pages and logs have a most, bodies a largest size.</summary>
public sealed class PagingLimitTests(AppFixture app) : IntegrationContext(app)
{
    [Fact]
    public async Task pages_and_logs_have_a_largest_size_and_bodies_a_largest_length()
    {
        var world = await World.BuildAsync(Api);
        var c = world.Community;
        foreach (var query in new[] { "pageSize=201", "pageSize=0", "page=0" })
        {
            (await Api.GetAsync($"/agreements/{c.AgreementId}/activity?{query}", c.Member.Token)).ShouldBeProblem(HttpStatusCode.BadRequest);
        }

        var page = (await Api.GetAsync($"/agreements/{c.AgreementId}/activity?pageSize=2", c.Member.Token)).ShouldBe(HttpStatusCode.OK).Json;
        page["items"]!.AsArray().Count.ShouldBe(2);
        page["total"]!.GetValue<long>().ShouldBeGreaterThan(2);

        var deliveries = $"/agreements/{c.AgreementId}/webhooks/{world.Hook}/deliveries";
        foreach (var limit in new[] { 0, 201 })
        {
            (await Api.GetAsync($"{deliveries}?limit={limit}", c.Facilitator.Token)).ShouldRefuse(HttpStatusCode.BadRequest).ShouldContain("between 1 and 200");
        }

        (await Api.GetAsync($"{deliveries}?limit=200", c.Facilitator.Token)).ShouldBe(HttpStatusCode.OK);

        var huge = new string('x', 1_100_000);
        (await Api.SendAsync(HttpMethod.Post, $"/proposals/{world.Proposal}/comments", c.Member.Token, rawBody: $"{{\"body\": \"{huge}\"}}"))
            .ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge);
    }
}
