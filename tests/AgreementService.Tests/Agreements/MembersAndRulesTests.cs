using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Agreements;

public sealed class MembersAndRulesTests(AppFixture app) : IntegrationContext(app)
{
    [Fact]
    public async Task a_removed_member_loses_access_at_once()
    {
        var c = await Api.CommunityAsync();
        (await Api.GetAsync($"/agreements/{c.AgreementId}", c.Member.Token)).ShouldBe(HttpStatusCode.OK);

        (await Api.DeleteAsync($"/agreements/{c.AgreementId}/members/{c.Member.Id}", c.Facilitator.Token)).ShouldBe(HttpStatusCode.NoContent);

        (await Api.GetAsync($"/agreements/{c.AgreementId}", c.Member.Token)).ShouldBeProblem(HttpStatusCode.NotFound);
        (await Api.GetAsync("/me", c.Member.Token)).Json["agreements"]!.AsArray().ShouldBeEmpty();
        var members = (await Api.GetAsync($"/agreements/{c.AgreementId}/members", c.Facilitator.Token)).Json["items"]!.AsArray();
        members.Select(m => (m!["name"]!.GetValue<string>(), m["role"]!.GetValue<string>())).ShouldBe([("Fatima Diallo", "facilitator"), ("Olga Nowak", "observer")]);
    }

    [Fact]
    public async Task a_role_change_takes_effect_at_once()
    {
        var c = await Api.CommunityAsync();
        var change = new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "2") };
        (await Api.ProposeAsync(c.AgreementId, c.Observer, 1, change)).ShouldBeProblem(HttpStatusCode.Forbidden);

        (await Api.SendAsync(HttpMethod.Put, $"/agreements/{c.AgreementId}/members/{c.Observer.Id}", c.Facilitator.Token, new { role = "member" }))
            .ShouldBe(HttpStatusCode.OK)["role"].ShouldBe("member");

        (await Api.ProposeAsync(c.AgreementId, c.Observer, 1, change)).ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task the_last_facilitator_can_be_neither_demoted_nor_removed()
    {
        var c = await Api.CommunityAsync();
        var written = await WrittenAsync();

        (await Api.SendAsync(HttpMethod.Put, $"/agreements/{c.AgreementId}/members/{c.Facilitator.Id}", c.Facilitator.Token, new { role = "member" }))
            .ShouldRefuse(HttpStatusCode.Conflict).ShouldContain("only facilitator");
        (await Api.DeleteAsync($"/agreements/{c.AgreementId}/members/{c.Facilitator.Id}", Scenarios.Admin)).ShouldBeProblem(HttpStatusCode.Conflict);
        (await WrittenAsync()).ShouldBe(written);

        (await Api.SendAsync(HttpMethod.Put, $"/agreements/{c.AgreementId}/members/{c.Member.Id}", c.Facilitator.Token, new { role = "facilitator" }))
            .ShouldBe(HttpStatusCode.OK);
        (await Api.DeleteAsync($"/agreements/{c.AgreementId}/members/{c.Facilitator.Id}", c.Member.Token)).ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task members_must_be_registered_participants_with_a_known_role()
    {
        var c = await Api.CommunityAsync();
        var written = await WrittenAsync();

        (await Api.SendAsync(HttpMethod.Put, $"/agreements/{c.AgreementId}/members/{Guid.NewGuid()}", c.Facilitator.Token, new { role = "member" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        (await Api.SendAsync(HttpMethod.Put, $"/agreements/{c.AgreementId}/members/{c.Member.Id}", c.Facilitator.Token, new { role = "owner" }))
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        (await Api.SendAsync(HttpMethod.Put, $"/agreements/{c.AgreementId}/members/{c.Member.Id}", c.Facilitator.Token, new { }))
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        (await Api.DeleteAsync($"/agreements/{c.AgreementId}/members/{Guid.NewGuid()}", c.Facilitator.Token)).ShouldBeProblem(HttpStatusCode.NotFound);

        (await WrittenAsync()).ShouldBe(written);
    }

    [Fact]
    public async Task decision_rules_start_as_consent_and_are_replaced_whole()
    {
        var c = await Api.CommunityAsync();
        var initial = (await Api.GetAsync($"/agreements/{c.AgreementId}/decision-rules", c.Observer.Token)).ShouldBe(HttpStatusCode.OK).Json;
        initial["method"]!.GetValue<string>().ShouldBe("consent");

        (await Api.SendAsync(HttpMethod.Put, $"/agreements/{c.AgreementId}/decision-rules", c.Facilitator.Token, new
        {
            method = "majority", threshold = 0.5, quorum = 0.25, votingUnit = "participant", blocksToFail = 3,
            minDiscussionHours = 0, defaultVotingHours = 1.5, closeWhenAllVoted = true,
        })).ShouldBe(HttpStatusCode.OK);

        var rules = (await Api.GetAsync($"/agreements/{c.AgreementId}/decision-rules", c.Member.Token)).Json;
        (rules["method"]!.GetValue<string>(), rules["blocksToFail"]!.GetValue<int>(), rules["defaultVotingHours"]!.GetValue<double>())
            .ShouldBe(("majority", 3, 1.5));
    }

    [Fact]
    public async Task decision_rules_out_of_range_or_incomplete_are_refused_naming_each_field()
    {
        var c = await Api.CommunityAsync();
        var written = await WrittenAsync();

        var problem = (await Api.SendAsync(HttpMethod.Put, $"/agreements/{c.AgreementId}/decision-rules", c.Facilitator.Token, new
        {
            method = "supermajority", threshold = 0.4, quorum = 1.5, votingUnit = "organisation", blocksToFail = 0,
            minDiscussionHours = -1, defaultVotingHours = 0,
        })).ShouldBeProblem(HttpStatusCode.BadRequest);

        problem["errors"]!.AsObject().Select(e => e.Key).Order()
            .ShouldBe(["blocksToFail", "closeWhenAllVoted", "defaultVotingHours", "minDiscussionHours", "quorum", "threshold"]);
        (await Api.SendAsync(HttpMethod.Put, $"/agreements/{c.AgreementId}/decision-rules", c.Facilitator.Token,
            rawBody: """{"method":"sortition","threshold":0.5,"quorum":0.5,"votingUnit":"participant","blocksToFail":1,"minDiscussionHours":0,"defaultVotingHours":1,"closeWhenAllVoted":false}"""))
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        (await WrittenAsync()).ShouldBe(written);
    }
}
