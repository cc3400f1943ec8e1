using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Infrastructure;

/// <summary>The check every exchange passes through refuses what the document does not describe.</summary>
public sealed class ContractTests
{
    private static void Check(HttpMethod method, string path, HttpStatusCode status, string mediaType, string body, string? header = null)
    {
        using var message = new HttpResponseMessage(status);
        if (header is not null)
        {
            message.Headers.TryAddWithoutValidation(header, "x");
        }

        using var request = new HttpRequestMessage(method, path);
        Contract.Check(request, null, new Response(status, mediaType, body, message.Headers, message.Content.Headers));
    }

    [Fact]
    public void a_described_exchange_passes() =>
        Check(HttpMethod.Get, "/health/live", HttpStatusCode.OK, "application/json", """{"status": "Healthy", "checks": {}}""");

    [Fact]
    public void an_undescribed_status_a_wrong_body_a_wrong_media_type_or_an_unnamed_header_fails()
    {
        Should.Throw<Xunit.Sdk.XunitException>(() => Check(HttpMethod.Get, "/health/live", (HttpStatusCode)418, "application/json", "{}"))
            .Message.ShouldContain("status 418 is not among the operation's responses");
        Should.Throw<Xunit.Sdk.XunitException>(() => Check(HttpMethod.Get, "/health/live", HttpStatusCode.OK, "application/json", """{"status": 1}"""))
            .Message.ShouldContain("the body does not match its schema");
        Should.Throw<Xunit.Sdk.XunitException>(() => Check(HttpMethod.Get, "/health/live", HttpStatusCode.OK, "text/plain", "Healthy"))
            .Message.ShouldContain("not among the described media types");
        Should.Throw<Xunit.Sdk.XunitException>(() => Check(HttpMethod.Get, "/health/live", HttpStatusCode.OK, "application/json", """{"status": "Healthy", "checks": {}}""", "Location"))
            .Message.ShouldContain("carries Location, which the document does not name");
        Should.Throw<Xunit.Sdk.XunitException>(() => Check(HttpMethod.Get, "/no-such-route", HttpStatusCode.OK, "application/json", "{}"))
            .Message.ShouldContain("no path of the document matches");
    }
}
