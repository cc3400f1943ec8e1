using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Identity;

public sealed class AccessTests(AppFixture app) : IntegrationContext(app)
{
    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/me" },
        { "GET", "/organisations" },
        { "POST", "/organisations" },
        { "GET", "/participants" },
        { "POST", "/participants" },
        { "GET", $"/participants/{Guid.NewGuid()}/tokens" },
        { "POST", $"/participants/{Guid.NewGuid()}/tokens" },
        { "DELETE", $"/participants/{Guid.NewGuid()}/tokens/{Guid.NewGuid()}" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task anonymous_callers_are_told_to_authenticate(string method, string url)
    {
        var response = await Api.SendAsync(new HttpMethod(method), url, json: method == "POST" ? new { name = "x" } : null);

        response.ShouldBeProblem(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
    }

    [Theory]
    [InlineData("Bearer agr_not-a-token-anyone-was-given", "not known")]
    [InlineData("Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Bearer <token>")]
    public async Task unknown_or_malformed_credentials_are_refused_with_the_reason(string header, string reason)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.TryAddWithoutValidation("Authorization", header);
        using var response = await App.Host.Server.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).ShouldContain(reason);
    }

    [Theory]
    [InlineData("GET", "/organisations")]
    [InlineData("POST", "/organisations")]
    [InlineData("GET", "/participants")]
    [InlineData("POST", "/participants")]
    public async Task participants_may_not_use_administrator_routes(string method, string url)
    {
        var person = await Api.PersonAsync();
        var written = await WrittenAsync();

        var response = await Api.SendAsync(new HttpMethod(method), url, person.Token,
            method == "POST" ? new { name = "Intruders", email = "intruder@example.org" } : null);

        response.ShouldBeProblem(HttpStatusCode.Forbidden);
        (await WrittenAsync()).ShouldBe(written);
    }

    [Fact]
    public async Task the_administrator_lists_organisations_and_participants()
    {
        var organisation = await Api.OrganisationAsync("Digital Freedom Fund");
        await Api.ParticipantAsync("Zoë Martin", organisationId: organisation);

        var organisations = (await Api.GetAsync("/organisations", Scenarios.Admin)).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray();
        var participants = (await Api.GetAsync("/participants", Scenarios.Admin)).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray();

        organisations.Select(o => o!["name"]!.GetValue<string>()).ShouldBe(["Digital Freedom Fund"]);
        participants.Single()!["organisationId"]!.GetValue<string>().ShouldBe(organisation);
    }
}
