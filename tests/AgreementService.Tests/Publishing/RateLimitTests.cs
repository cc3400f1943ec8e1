using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Publishing;

/// <summary>Anonymous readers are limited per address; the service runs as its own process with a small limit.</summary>
[Trait("Category", TestKinds.Process)]
[Collection(AppCollection.Name)]
public sealed class RateLimitTests(AppFixture app)
{
    [Fact]
    public async Task past_the_limit_an_address_gets_429_with_retry_after()
    {
        await using var service = ServiceProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Agreements"] = await app.NewDatabaseAsync("ratelimit"),
            ["Agreements__AdminToken"] = Scenarios.Admin,
            ["Agreements__PublicRequestsPerMinute"] = "5",
            ["Agreements__ComparisonsPerMinute"] = "3",
        });
        (await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(service.Output);
        var api = new Api(service.Client);
        await api.AgreementAsync(await api.PersonAsync());

        var responses = new List<Response>();
        for (var i = 0; i < 6; i++)
        {
            responses.Add(await api.SendAsync(i % 2 == 0 ? HttpMethod.Get : HttpMethod.Head, "/public/agreements/community-agreement"));
        }

        responses.Select(r => r.Status).ShouldBe([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests], "HEAD counts as GET does");
        responses[1].Body.ShouldBeEmpty();
        responses[1].ContentHeaders.ContentLength.ShouldBe(System.Text.Encoding.UTF8.GetByteCount(responses[0].Body), "HEAD has GET's length, without the bytes");
        var refused = await api.GetAsync("/public/agreements/community-agreement/versions/1");
        refused.ShouldRefuse(HttpStatusCode.TooManyRequests).ShouldContain("more than 5 public requests in a minute");
        int.Parse(refused.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 60);
        (await api.GetAsync("/me", Scenarios.Admin)).Status.ShouldBe(HttpStatusCode.OK, "members' reads are not limited by the public limit");

        // Comparisons, the costliest reads, have a limit of their own for each participant (and address, without a token).
        var facilitator = await api.PersonAsync("Fatima Diallo");
        var agreement = await api.AgreementAsync(facilitator, "comparisons");
        var other = await api.MemberAsync(agreement, facilitator);
        string[] comparisons = [$"/agreements/{agreement}/diff", $"/agreements/{agreement}/diff?from=1&to=1", $"/agreements/{agreement}/diff", $"/agreements/{agreement}/diff"];
        var compared = new List<HttpStatusCode>();
        foreach (var url in comparisons)
        {
            compared.Add((await api.GetAsync(url, facilitator.Token)).Status);
        }

        compared.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests]);
        (await api.GetAsync($"/agreements/{agreement}/diff", facilitator.Token)).ShouldRefuse(HttpStatusCode.TooManyRequests)
            .ShouldContain("at most 3 diffs, previews and clause histories a minute");
        (await api.GetAsync($"/agreements/{agreement}", facilitator.Token)).Status.ShouldBe(HttpStatusCode.OK, "other reads are not comparisons");
        (await api.GetAsync($"/agreements/{agreement}/diff", other.Token)).Status.ShouldBe(HttpStatusCode.OK, "each participant has their own");
    }
}
