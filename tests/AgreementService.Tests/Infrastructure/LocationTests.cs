using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Infrastructure;

/// <summary>Every 201 says where the new thing is, and that address answers with it.</summary>
public sealed class LocationTests(AppFixture app) : IntegrationContext(app)
{
    [Fact]
    public async Task every_location_a_creation_answers_with_resolves_to_what_was_created()
    {
        var organisation = await Api.PostAsync("/organisations", Scenarios.Admin, new { name = "Roma Rights Centre" });
        var person = await Api.PostAsync("/participants", Scenarios.Admin, new { name = "Ana Lima", email = "ana@example.org", organisationId = organisation["id"] });
        var token = await Api.PostAsync($"/participants/{person["id"]}/tokens", Scenarios.Admin);
        var c = await Api.CommunityAsync();
        await Api.RulesAsync(c);
        var proposal = await Api.ProposeAsync(c, new { op = "amend", clauseId = await Api.ClauseIdAsync(c.AgreementId, "2"), text = "We act with care, respect and courage." });
        var comment = await Api.PostAsync($"/proposals/{proposal["id"]}/comments", c.Member.Token, new { body = "Courage, yes." });
        var vote = await Api.PostAsync($"/proposals/{proposal["id"]}/votes", c.Facilitator.Token, new { });
        var hook = await Api.PostAsync($"/agreements/{c.AgreementId}/webhooks", c.Facilitator.Token, new { url = "https://partner.example.org/hooks" });
        var agreement = await Api.PostAsync("/agreements", Scenarios.Admin, new { slug = "second", title = "Second", visibility = "members", clauses = new[] { new { text = "One." } } });

        foreach (var (created, reader, idField) in new[]
        {
            (organisation, Scenarios.Admin, "id"), (person, Scenarios.Admin, "id"), (token, Scenarios.Admin, null), (proposal, c.Member.Token, "id"),
            (comment, c.Member.Token, "id"), (vote, c.Member.Token, "id"), (hook, c.Facilitator.Token, "id"), (agreement, Scenarios.Admin, "id"),
        })
        {
            created.ShouldBe(HttpStatusCode.Created);
            var location = created.Headers.Location?.ToString();
            location.ShouldNotBeNull(created.Body);
            var read = (await Api.GetAsync(location, reader)).ShouldBe(HttpStatusCode.OK);
            if (idField is not null)
            {
                read[idField].ShouldBe(created[idField], location);
            }
            else
            {
                read.Body.ShouldContain(created["id"], Case.Sensitive, location);
            }
        }
    }
}
