using System.Net;

namespace AgreementService.Tests.Support;

public sealed record Person(string Id, string Token);

/// <summary>Reusable steps, as the administrator would take them through the API.</summary>
public static class Scenarios
{
    public const string Admin = AppFixture.AdminToken;

    public static async Task<string> OrganisationAsync(this Api api, string name = "Equal Rights Trust") =>
        (await api.PostAsync("/organisations", Admin, new { name })).ShouldBe(HttpStatusCode.Created)["id"];

    public static async Task<string> ParticipantAsync(this Api api, string name = "Ana Lima", string? email = null, string? organisationId = null) =>
        (await api.PostAsync("/participants", Admin, new { name, email = email ?? $"{Guid.NewGuid():N}@example.org", organisationId }))
        .ShouldBe(HttpStatusCode.Created)["id"];

    public static async Task<string> TokenAsync(this Api api, string participantId, string issuer = Admin) =>
        (await api.PostAsync($"/participants/{participantId}/tokens", issuer)).ShouldBe(HttpStatusCode.Created)["token"];

    /// <summary>A participant with a working token.</summary>
    public static async Task<Person> PersonAsync(this Api api, string name = "Ana Lima")
    {
        var id = await api.ParticipantAsync(name);
        return new Person(id, await api.TokenAsync(id));
    }
}
