using System.Net;
using System.Security.Claims;
using AgreementService.Access;
using AgreementService.Webhooks;
using Wolverine.Http;

namespace AgreementService.Tests.Unit;

/// <summary>Webhooks post only to public addresses, in whatever spelling an address is given.</summary>
public sealed class DestinationsTests
{
    [Theory]
    [InlineData("http://127.0.0.1/hooks")]
    [InlineData("http://localhost.localdomain.invalid@127.0.0.1/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::ffff:169.254.169.254]/")]
    [InlineData("http://[::ffff:a9fe:a9fe]/")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://192.168.1.1/")]
    [InlineData("http://172.16.0.1/")]
    [InlineData("http://172.31.255.255/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://2130706433/")]
    [InlineData("http://0x7f.1/")]
    [InlineData("http://0177.0.0.1/")]
    [InlineData("http://127.1/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://[::]/")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://[fd00::1]/")]
    [InlineData("http://100.64.0.1/")]
    [InlineData("http://[64:ff9b::7f00:1]/")]
    [InlineData("http://[2002:7f00:1::]/")]
    [InlineData("http://224.0.0.1/")]
    [InlineData("https://user:password@partner.example.org/hooks")]
    public void a_private_address_or_credentials_in_any_spelling_are_refused(string url) =>
        Destinations.UrlProblem(url, allowPrivate: false).ShouldNotBeNull(url);

    [Theory]
    [InlineData("https://93.184.216.34/hooks")]
    [InlineData("https://[2606:2800:220:1:248:1893:25c8:1946]/hooks")]
    [InlineData("https://partner.example.org/hooks")]
    public void a_public_address_or_a_name_passes_the_first_check(string url) => Destinations.UrlProblem(url, allowPrivate: false).ShouldBeNull();

    [Fact]
    public async Task a_name_is_judged_by_every_address_it_resolves_to()
    {
        var loopback = await Destinations.ResolveAsync("http://localhost/hooks", CancellationToken.None);

        loopback.ShouldNotBeEmpty();
        Destinations.AddressProblem(loopback, allowPrivate: false).ShouldBe(Destinations.NotPublic);
        Destinations.AddressProblem([IPAddress.Parse("93.184.216.34"), IPAddress.Parse("10.1.2.3")], allowPrivate: false).ShouldBe(Destinations.NotPublic);
        Destinations.AddressProblem([IPAddress.Parse("93.184.216.34")], allowPrivate: false).ShouldBeNull();
        Destinations.AddressProblem(loopback, allowPrivate: true).ShouldBeNull("development and tests may allow them");
        Destinations.AddressProblem([], allowPrivate: false).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("whsec_not-base64!!", false)]
    [InlineData("whsec_c2hvcnQ=", false)]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", true)]
    [InlineData("a-secret-of-our-own-choosing", true)]
    public void a_whsec_secret_must_hold_base64_of_enough_bytes(string secret, bool usable) =>
        (StandardWebhooks.SecretProblem(secret) is null).ShouldBe(usable);

    [Fact]
    public void registration_is_refused_for_a_private_destination_and_beyond_the_cap()
    {
        var facilitator = new Standing(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString())], "test")),
            true, AgreementRole.Facilitator);
        var settings = new WebhookSettings();

        RegisterWebhookEndpoint.Validate(new RegisterWebhook("http://10.0.0.5/hooks", null), facilitator, [IPAddress.Parse("10.0.0.5")], new RegisteredWebhooks(0), settings)
            .Status.ShouldBe(422);
        RegisterWebhookEndpoint.Validate(new RegisterWebhook("https://partner.example.org/hooks", null), facilitator, [IPAddress.Parse("192.168.0.9")], new RegisteredWebhooks(0), settings)
            .Detail.ShouldBe(Destinations.NotPublic, "a public name that resolves to a private address");
        RegisterWebhookEndpoint.Validate(new RegisterWebhook("https://partner.example.org/hooks", null), facilitator, [IPAddress.Parse("93.184.216.34")], new RegisteredWebhooks(10), settings)
            .Status.ShouldBe(409);
        RegisterWebhookEndpoint.Validate(new RegisterWebhook("https://partner.example.org/hooks", null), facilitator, [IPAddress.Parse("93.184.216.34")], new RegisteredWebhooks(9), settings)
            .ShouldBeSameAs(WolverineContinue.NoProblems);
    }
}
