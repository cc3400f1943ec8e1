using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgreementService.Tests.Identity;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Resilience;

/// <summary>No one acts where they do not belong, or as someone else; and the audit trail says who did what.</summary>
public sealed class CrossAgreementAccessTests(AppFixture app) : IntegrationContext(app)
{
    [Fact]
    public async Task a_facilitator_of_one_agreement_can_do_nothing_facilitator_like_on_another()
    {
        var mine = await World.BuildAsync(Api);
        var theirs = await World.BuildAsync(Api);
        var routes = AuthorizationMatrixTests.Routes.Where(r => r.Need == AuthorizationMatrixTests.Need.Facilitator).ToList();
        routes.Count.ShouldBeGreaterThan(8);

        foreach (var route in routes)
        {
            var written = await WrittenAsync();
            var response = await Api.SendAsync(new HttpMethod(route.Method), theirs.Fill(route.Path), mine.Community.Facilitator.Token, route.Body?.Invoke(theirs));
            response.ShouldBeProblem(HttpStatusCode.NotFound);
            (await WrittenAsync()).ShouldBe(written, $"{route.Method} {route.Path} on another agreement wrote something");
        }

        (await Api.GetAsync($"/agreements/{theirs.Community.AgreementId}/webhooks", theirs.Community.Facilitator.Token)).ShouldBe(HttpStatusCode.OK)
            .Json.AsArray().Count.ShouldBe(1, "their webhook is still theirs alone");
    }

    [Fact]
    public async Task a_removed_member_loses_access_with_the_very_next_request()
    {
        var world = await World.BuildAsync(Api);
        var c = world.Community;
        (await Api.GetAsync($"/agreements/{c.AgreementId}", c.Member.Token)).ShouldBe(HttpStatusCode.OK);
        (await Api.DeleteAsync($"/agreements/{c.AgreementId}/members/{c.Member.Id}", c.Facilitator.Token)).ShouldBe(HttpStatusCode.NoContent);

        (await Api.GetAsync($"/agreements/{c.AgreementId}", c.Member.Token)).ShouldBeProblem(HttpStatusCode.NotFound);
        (await Api.BallotAsync(world.Vote, c.Member, "agree")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await Api.PostAsync($"/proposals/{world.Proposal}/comments", c.Member.Token, new { body = "Still here?" })).ShouldBeProblem(HttpStatusCode.NotFound);
        (await Api.SendAsync(HttpMethod.Put, $"/comments/{world.Comment}", c.Member.Token, new { body = "Edited after removal." })).ShouldBeProblem(HttpStatusCode.NotFound);
        (await Api.GetAsync($"/proposals/{world.Proposal}", Scenarios.Admin)).ShouldBe(HttpStatusCode.OK)
            .Json["author"]!["id"]!.GetValue<string>().ShouldBe(c.Member.Id, "what they wrote stays, under their name");
    }

    /// <summary>Fields that would name someone else as the actor are not part of any request: they are refused, not obeyed.</summary>
    [Theory]
    [InlineData("by")]
    [InlineData("authorId")]
    [InlineData("voterId")]
    [InlineData("participantId")]
    [InlineData("actorId")]
    public async Task no_id_in_a_body_makes_the_caller_someone_else(string field)
    {
        var world = await World.BuildAsync(Api);
        var c = world.Community;
        var writes = AuthorizationMatrixTests.Routes.Where(r => r.Body is not null).ToList();
        foreach (var route in writes)
        {
            var body = JsonSerializer.SerializeToNode(route.Body!(world), JsonSerializerOptions.Web)!.AsObject();
            body[field] = c.Facilitator.Id;
            var written = await WrittenAsync();
            var response = await Api.SendAsync(new HttpMethod(route.Method), world.Fill(route.Path), c.Member.Token, rawBody: body.ToJsonString());
            ((int)response.Status).ShouldBeInRange(400, 499, $"{route.Method} {route.Path} took '{field}' from the body");
            (await WrittenAsync()).ShouldBe(written);
        }

        (await Api.BallotAsync(world.Vote, c.Member, "object")).ShouldBe(HttpStatusCode.OK);
        var ballots = (await Api.GetAsync($"/votes/{world.Vote}", Scenarios.Admin)).Json["ballots"]!.AsArray();
        ballots.Select(b => b!["voter"]!["id"]!.GetValue<string>()).ShouldBe([c.Member.Id], "the ballot is the caller's, whoever a body named");
    }

    [Fact]
    public async Task the_audit_trail_names_who_did_each_thing()
    {
        var world = await World.BuildAsync(Api);
        var c = world.Community;
        (await Api.BallotAsync(world.Vote, c.Member, "agree")).ShouldBe(HttpStatusCode.OK);
        (await Api.PostAsync($"/proposals/{world.Proposal}/comments", c.Observer.Token, new { body = "An observer's view." })).ShouldBe(HttpStatusCode.Created);

        var entries = (await Api.GetAsync($"/agreements/{c.AgreementId}/activity?pageSize=200", c.Observer.Token)).ShouldBe(HttpStatusCode.OK)
            .Json["items"]!.AsArray().Select(e => (Id: e!["actor"]!["id"]?.GetValue<string>(), Actor: e["actor"]!["name"]!.GetValue<string>(), Type: e["type"]!.GetValue<string>())).ToList();
        entries.ShouldContain((c.Member.Id, "Ben Okafor", "ballotCast"));
        entries.ShouldContain((c.Observer.Id, "Olga Nowak", "commentPosted"));
        entries.ShouldContain((c.Facilitator.Id, "Fatima Diallo", "decisionRulesSet"));
        entries.ShouldContain((c.Facilitator.Id, "Fatima Diallo", "voteCalled"));
        entries.Where(e => e.Type == "proposalSubmitted").ShouldAllBe(e => e.Id == c.Member.Id);
        entries.Where(e => e.Type == "agreementCreated").ShouldAllBe(e => e.Id == null && e.Actor == "The administrator", "the administrator has no participant id");
        entries.ShouldAllBe(e => !string.IsNullOrWhiteSpace(e.Actor));
    }
}
