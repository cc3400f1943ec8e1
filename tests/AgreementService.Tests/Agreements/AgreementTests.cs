using AgreementService.Infrastructure;
using AgreementService.Participants;
using AgreementService.Agreements;
using AgreementService.Access;
using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Agreements;

public sealed class AgreementTests(AppFixture app) : IntegrationContext(app)
{
    [Fact]
    public async Task a_new_agreement_is_version_one_with_numbered_clauses_and_its_facilitator()
    {
        var facilitator = await Api.PersonAsync("Fatima Diallo");

        var created = (await Api.PostAsync("/agreements", Scenarios.Admin, new
        {
            slug = "community-agreement", title = "Community Agreement", visibility = "public",
            clauses = AgreementScenarios.FoundingText, facilitatorId = facilitator.Id,
        })).ShouldBe(HttpStatusCode.Created);

        var id = created["id"];
        created.Headers.Location!.ToString().ShouldBe($"/agreements/{id}");
        var text = await Api.TextAsync(id, facilitator.Token);
        (text.Version, text.Slug, text.Visibility).ShouldBe((1, "community-agreement", Visibility.Public));
        text.Clauses.Select(c => c.Number).ShouldBe(["1", "2", "3"]);
        text.Clauses[0].Clauses.Select(c => c.Number).ShouldBe(["1.1", "1.2"]);
        text.Clauses[0].Heading.ShouldBe("Purpose");

        var members = (await Api.GetAsync($"/agreements/{id}/members", facilitator.Token)).ShouldBe(HttpStatusCode.OK).As<Paged<MemberView>>().Items;
        members.ShouldHaveSingleItem().Role.ShouldBe(AgreementRole.Facilitator);
        (await Api.GetAsync("/me", facilitator.Token)).As<MeView>().Agreements[0].Role.ShouldBe(AgreementRole.Facilitator);
    }

    [Fact]
    public async Task the_founding_text_is_listed_as_version_one()
    {
        var facilitator = await Api.PersonAsync();
        var id = await Api.AgreementAsync(facilitator);

        var version = (await Api.GetAsync($"/agreements/{id}/versions", facilitator.Token)).ShouldBe(HttpStatusCode.OK).As<Paged<VersionSummary>>().Items.ShouldHaveSingleItem();
        (version.Version, version.Title).ShouldBe((1, "Founding text"));

        (await Api.GetAsync($"/agreements/{id}/versions/1", facilitator.Token)).ShouldBe(HttpStatusCode.OK).As<AgreementView>().Clauses.Count.ShouldBe(3);
        (await Api.GetAsync($"/agreements/{id}/versions/2", facilitator.Token)).ShouldRefuse(HttpStatusCode.NotFound).ShouldContain("versions 1 to 1");
    }

    [Fact]
    public async Task a_participant_sees_only_the_agreements_they_belong_to()
    {
        var facilitator = await Api.PersonAsync();
        var first = await Api.AgreementAsync(facilitator, "first");
        await Api.AgreementAsync(await Api.PersonAsync("Other Facilitator"), "second");

        var response = await Api.GetAsync("/agreements", facilitator.Token);
        response.ShouldBe(HttpStatusCode.OK).As<Paged<AgreementSummary>>().Items.Select(a => a.Id.ToString()).ShouldBe([first]);
        (await Api.GetAsync("/agreements", Scenarios.Admin)).ShouldBe(HttpStatusCode.OK).As<Paged<AgreementSummary>>().Items.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("Not A Slug")]
    [InlineData("trailing-")]
    [InlineData("")]
    public async Task slugs_must_be_url_safe(string slug)
    {
        var written = await WrittenAsync();

        var problem = (await Api.PostAsync("/agreements", Scenarios.Admin,
            new { slug, title = "T", visibility = "public", clauses = AgreementScenarios.FoundingText })).ShouldBeProblem(HttpStatusCode.BadRequest);

        problem["errors"]!["slug"].ShouldNotBeNull();
        (await WrittenAsync()).ShouldBe(written);
    }

    [Fact]
    public async Task a_founding_text_deeper_than_three_levels_is_refused()
    {
        var deep = new[] { new { text = "1", clauses = new[] { new { text = "1.1", clauses = new[] { new { text = "1.1.1", clauses = new[] { new { text = "1.1.1.1" } } } } } } } };
        var written = await WrittenAsync();

        var problem = (await Api.PostAsync("/agreements", Scenarios.Admin, new { slug = "deep", title = "T", visibility = "members", clauses = deep }))
            .ShouldBeProblem(HttpStatusCode.BadRequest);

        problem["errors"]!.ToJsonString().ShouldContain("3 levels");
        (await WrittenAsync()).ShouldBe(written);
    }

    [Fact]
    public async Task empty_clause_texts_and_duplicate_slugs_are_refused()
    {
        var facilitator = await Api.PersonAsync();
        await Api.AgreementAsync(facilitator, "taken");
        var written = await WrittenAsync();

        (await Api.PostAsync("/agreements", Scenarios.Admin, new { slug = "taken", title = "T", visibility = "public", clauses = AgreementScenarios.FoundingText }))
            .ShouldBeProblem(HttpStatusCode.Conflict);
        (await Api.PostAsync("/agreements", Scenarios.Admin, new { slug = "empty", title = "T", visibility = "public", clauses = new[] { new { text = " " } } }))
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        (await Api.PostAsync("/agreements", Scenarios.Admin, new { slug = "nobody", title = "T", visibility = "public", clauses = AgreementScenarios.FoundingText, facilitatorId = Guid.NewGuid() }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity);

        (await WrittenAsync()).ShouldBe(written);
    }

    [Fact]
    public async Task the_sample_community_agreement_is_a_valid_founding_text_of_25_to_40_clauses_in_sections()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder!.FullName, "AgreementService.sln")))
        {
            folder = folder.Parent;
        }

        var sample = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder.FullName, "samples", "community-agreement.json")))!;

        var created = (await Api.SendAsync(HttpMethod.Post, "/agreements", Scenarios.Admin, rawBody: sample.ToJsonString())).ShouldBe(HttpStatusCode.Created).As<AgreementView>();

        created.Clauses.Select(c => c.Heading).ShouldBe(["Purpose", "Values", "Membership", "Participation", "Decision-making", "Conduct", "Amendments"]);
        Count(created.Clauses).ShouldBeInRange(25, 40);

        static int Count(IReadOnlyList<NumberedClause> clauses) => clauses.Sum(c => 1 + Count(c.Clauses));
    }
}
