using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Resilience;

/// <summary>
/// The service behind a real nginx: each client is known by its own address, so one client failing to authenticate
/// holds back no one else; only the configured proxy is believed; a good credential is never refused.
/// </summary>
[Trait("Category", TestKinds.Process)]
[Collection(AppCollection.Name)]
public sealed class ReverseProxyTests(AppFixture app)
{
    [NginxFact]
    public async Task behind_nginx_each_client_has_its_own_limit_and_no_one_else_is_believed()
    {
        await using var service = ServiceProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Agreements"] = await app.NewDatabaseAsync("proxy"),
            ["Agreements__AdminToken"] = Scenarios.Admin,
            ["Agreements__FailedAuthenticationsPerMinute"] = "3",
            ["Agreements__TrustedProxies"] = "127.0.0.1", // nginx, which connects to the service from 127.0.0.1
        });
        (await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(service.Output);
        await using var nginx = await Nginx.StartAsync(service.Client.BaseAddress!);
        var ana = new Api(Nginx.ClientFrom("127.0.0.10", nginx.Port));
        var ben = new Api(Nginx.ClientFrom("127.0.0.11", nginx.Port));

        for (var i = 0; i < 3; i++)
        {
            (await ana.GetAsync("/me", $"agr_guess-{i}")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        }

        ShouldBeLimited(await ana.GetAsync("/me", "agr_guess-4"));
        (await ana.GetAsync("/me", Scenarios.Admin)).Status.ShouldBe(HttpStatusCode.OK, "a good credential is never refused");
        (await ben.GetAsync("/me", "agr_typo")).Status.ShouldBe(HttpStatusCode.Unauthorized, "another client behind the same proxy has a count of its own");

        // What a client writes in X-Forwarded-For is to the left of what nginx adds, so it changes nothing.
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/me");
        forged.Headers.Authorization = new("Bearer", "agr_guess-5");
        forged.Headers.Add("X-Forwarded-For", "198.51.100.7");
        ShouldBeLimited(await ana.SendAsync(forged));

        // Straight to the service, from an address that is not the proxy, the header is not believed at all.
        var direct = new Api(Nginx.ClientFrom("127.0.0.12", service.Client.BaseAddress!.Port));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
            request.Headers.Authorization = new("Bearer", $"agr_guess-{i}");
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 20}");
            statuses.Add((await direct.SendAsync(request)).Status);
        }

        statuses.ShouldBe([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests]);
    }

    private static void ShouldBeLimited(Response response) => LimitTests.ShouldBeLimited(response, "failed to authenticate more than 3 times in a minute");
}
