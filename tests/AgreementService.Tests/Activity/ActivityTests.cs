using AgreementService.Infrastructure;
using AgreementService.Activity;
using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Activity;

public sealed class ActivityTests(AppFixture app) : IntegrationContext(app)
{
    [Fact]
    public async Task every_event_appears_newest_first_with_who_and_a_readable_summary()
    {
        var c = await Api.CommunityAsync();
        var values = await Api.ClauseIdAsync(c.AgreementId, "2");
        var proposal = await Api.ProposalAsync(c, new { op = "remove", clauseId = values });
        await Api.PostAsync($"/proposals/{proposal}/comments", c.Observer.Token, new { body = "Hmm." });
        await Api.PostAsync($"/proposals/{proposal}/withdraw", c.Member.Token);

        var items = (await Api.GetAsync($"/agreements/{c.AgreementId}/activity", c.Observer.Token)).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray();

        items.Select(i => $"{i!["actor"]!["name"]} {i["summary"]}").ShouldBe([
            "Ben Okafor withdrew “Clarify our purpose”",
            "Olga Nowak commented on “Clarify our purpose”",
            "Ben Okafor proposed “Clarify our purpose”: 1 change to version 1",
            "Fatima Diallo made Olga Nowak an observer",
            "Fatima Diallo made Ben Okafor a member",
            "The administrator made Fatima Diallo a facilitator",
            "The administrator created the agreement “Community Agreement” with 5 clauses as version 1",
        ]);
        items[0]!["proposalId"]!.GetValue<string>().ShouldBe(proposal);
    }

    [Fact]
    public async Task an_actor_is_named_with_the_organisation_they_spoke_for_then()
    {
        var c = await Api.CommunityAsync();
        var organisation = await Api.OrganisationAsync("Roma Rights Network");
        var ana = await Api.ParticipantAsync("Ana Petrova", organisationId: organisation);
        (await Api.SendAsync(HttpMethod.Put, $"/agreements/{c.AgreementId}/members/{ana}", c.Facilitator.Token, new { role = "member" })).ShouldBe(HttpStatusCode.OK);
        await Api.ProposeAsync(c.AgreementId, new Person(ana, await Api.TokenAsync(ana)), 1, new { op = "remove", clauseId = await Api.ClauseIdAsync(c.AgreementId, "2") });

        var items = (await Api.GetAsync($"/agreements/{c.AgreementId}/activity", c.Observer.Token)).ShouldBe(HttpStatusCode.OK).As<Paged<ActivityView>>().Items;

        (items[0].Actor.Name, items[0].ActorOrganisation).ShouldBe(("Ana Petrova", "Roma Rights Network"));
        (items[1].Actor.Name, items[1].ActorOrganisation).ShouldBe(("Fatima Diallo", null), "of no organisation");
        items[^1].ActorOrganisation.ShouldBeNull("the administrator speaks for none");
    }

    [Fact]
    public async Task the_trail_is_paged()
    {
        var c = await Api.CommunityAsync();

        var page = (await Api.GetAsync($"/agreements/{c.AgreementId}/activity?page=2&pageSize=3", c.Observer.Token)).ShouldBe(HttpStatusCode.OK).As<Paged<ActivityView>>();

        page.Total.ShouldBe(4);
        page.Items.ShouldHaveSingleItem().Type.ShouldBe("agreementCreated");
        (await Api.GetAsync($"/agreements/{c.AgreementId}/activity?pageSize=1000", c.Observer.Token)).ShouldBeProblem(HttpStatusCode.BadRequest);
        (await Api.GetAsync($"/agreements/{c.AgreementId}/activity?page=0", c.Observer.Token)).ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task decision_rules_changes_are_recorded_in_words()
    {
        var c = await Api.CommunityAsync();

        (await Api.SendAsync(HttpMethod.Put, $"/agreements/{c.AgreementId}/decision-rules", c.Facilitator.Token, new
        {
            method = "supermajority", threshold = 0.6667, quorum = 0.5, votingUnit = "organisation", blocksToFail = 2,
            minDiscussionHours = 48, defaultVotingHours = 120, closeWhenAllVoted = true,
        })).ShouldBe(HttpStatusCode.OK);

        var latest = (await Api.GetAsync($"/agreements/{c.AgreementId}/activity", c.Observer.Token)).As<Paged<ActivityView>>().Items[0];
        latest.Summary.ShouldBe(
            "set the decision rules: supermajority at 66.67%, quorum 50% of organisations, 2 blocks to fail, 2 days of discussion, 5 days of voting, closing early when all have voted");
    }
}
