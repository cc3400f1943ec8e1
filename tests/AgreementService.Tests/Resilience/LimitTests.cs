using System.Globalization;
using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Resilience;

/// <summary>Writes per caller and per address, and failed authentications per address, are limited: 429 with Retry-After.</summary>
[Trait("Category", TestKinds.Process)]
[Collection(AppCollection.Name)]
public sealed class LimitTests(AppFixture app)
{
    private async Task<ServiceProcess> ServiceAsync(int perCaller, int perAddress, int failures)
    {
        var service = ServiceProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Agreements"] = await app.NewDatabaseAsync("limits"),
            ["Agreements__AdminToken"] = Scenarios.Admin,
            ["Agreements__WritesPerMinute"] = perCaller.ToString(CultureInfo.InvariantCulture),
            ["Agreements__WritesPerAddressPerMinute"] = perAddress.ToString(CultureInfo.InvariantCulture),
            ["Agreements__FailedAuthenticationsPerMinute"] = failures.ToString(CultureInfo.InvariantCulture),
        });
        (await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(service.Output);
        return service;
    }

    internal static void ShouldBeLimited(Response response, string detail)
    {
        response.ShouldRefuse(HttpStatusCode.TooManyRequests).ShouldContain(detail);
        int.Parse(response.Headers.RetryAfter!.ToString(), CultureInfo.InvariantCulture).ShouldBeInRange(1, 60);
    }

    [Fact]
    public async Task a_participant_past_the_write_limit_gets_429_and_others_are_not_held_back()
    {
        await using var service = await ServiceAsync(perCaller: 3, perAddress: 1000, failures: 1000);
        var api = new Api(service.Client);
        var community = await api.CommunityAsync();
        var before = (await api.GetAsync($"/agreements/{community.AgreementId}/proposals", community.Member.Token)).Json["total"]!.GetValue<int>();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await api.ProposeAsync(community, new { op = "amend", clauseId = await api.ClauseIdAsync(community.AgreementId, "1"), text = $"Text {i}" })).Status);
        }

        statuses.ShouldBe([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests]);
        ShouldBeLimited(await api.ProposeAsync(community, new { op = "amend", clauseId = await api.ClauseIdAsync(community.AgreementId, "1"), text = "Again" }),
            "at most 3 a minute for each participant");
        (await api.GetAsync($"/agreements/{community.AgreementId}/proposals", community.Member.Token)).ShouldBe(HttpStatusCode.OK)
            .Json["total"]!.GetValue<int>().ShouldBe(before + 3, "a refused write changes nothing, and reads are not limited");
        (await api.PostAsync($"/agreements/{community.AgreementId}/proposals", community.Facilitator.Token,
            new { title = "Another", rationale = "Another voice.", baseVersion = 1, changes = new[] { new { op = "amend", clauseId = await api.ClauseIdAsync(community.AgreementId, "2"), text = "Other" } } }))
            .Status.ShouldBe(HttpStatusCode.Created, "another participant has a limit of their own");
    }

    [Fact]
    public async Task an_address_past_the_write_limit_gets_429()
    {
        await using var service = await ServiceAsync(perCaller: 1000, perAddress: 4, failures: 1000);
        var api = new Api(service.Client);
        for (var i = 0; i < 4; i++)
        {
            (await api.PostAsync("/organisations", Scenarios.Admin, new { name = $"Organisation {i}" })).Status.ShouldBe(HttpStatusCode.Created);
        }

        ShouldBeLimited(await api.PostAsync("/organisations", Scenarios.Admin, new { name = "One too many" }), "4 from each address");
        (await api.GetAsync("/organisations", Scenarios.Admin)).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray().Count.ShouldBe(4);
    }

    [Fact]
    public async Task an_address_that_keeps_failing_to_authenticate_is_refused_but_never_a_good_token()
    {
        await using var service = await ServiceAsync(perCaller: 1000, perAddress: 1000, failures: 3);
        var api = new Api(service.Client);
        for (var i = 0; i < 3; i++)
        {
            (await api.GetAsync("/me", $"agr_guess-{i}")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        }

        ShouldBeLimited(await api.GetAsync("/me", "agr_guess-4"), "failed to authenticate more than 3 times in a minute");
        (await api.GetAsync("/me", Scenarios.Admin)).Status.ShouldBe(HttpStatusCode.OK, "a good credential is never refused");
        ShouldBeLimited(await api.GetAsync("/me", "agr_guess-5"), "failed to authenticate");
        (await api.GetAsync("/health/ready")).Status.ShouldBe(HttpStatusCode.OK, "requests without a token are not held back");
    }

    [Fact]
    public async Task a_body_past_the_largest_size_is_413_even_when_sent_in_chunks_and_is_not_logged_as_an_error()
    {
        await using var service = await ServiceAsync(perCaller: 1000, perAddress: 1000, failures: 1000);
        var api = new Api(service.Client);
        var huge = System.Text.Encoding.UTF8.GetBytes($"{{\"name\": \"{new string('x', 1_100_000)}\"}}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/organisations")
        {
            Content = new StreamContent(new MemoryStream(huge)), // no length: sent chunked, so only reading it finds it too large
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Scenarios.Admin);
        request.Headers.TransferEncodingChunked = true;

        (await api.SendAsync(request)).ShouldRefuse(HttpStatusCode.RequestEntityTooLarge).ShouldContain("1024 KiB", Case.Sensitive, service.Output);
        (await api.GetAsync("/organisations", Scenarios.Admin)).Json["total"]!.GetValue<int>().ShouldBe(0, "nothing was written");
        service.Output.ShouldNotContain("\"LogLevel\":\"Error\"", Case.Sensitive, "a client's oversized body is not the service's error");
    }

    [Fact]
    public async Task an_address_asking_for_too_many_sign_in_links_gets_429_whoever_it_asks_for()
    {
        await using var service = ServiceProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Agreements"] = await app.NewDatabaseAsync("signinlimit"),
            ["Agreements__AdminToken"] = Scenarios.Admin,
            ["Agreements__SignInsPerAddressPerMinute"] = "3",
        });
        (await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(service.Output);
        var api = new Api(service.Client);

        for (var i = 0; i < 3; i++)
        {
            (await api.PostAsync("/sign-in", null, new { email = $"someone{i}@example.org" })).ShouldBe(HttpStatusCode.Accepted);
        }

        ShouldBeLimited(await api.PostAsync("/sign-in", null, new { email = "someone-else@example.org" }), "more than 3 sign-in links in a minute");
    }
}
