using AgreementService.Participants;
using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Identity;

public sealed class TokenTests(AppFixture app) : IntegrationContext(app)
{
    [Fact]
    public async Task an_issued_token_identifies_its_participant()
    {
        var organisation = await Api.OrganisationAsync("Roma Rights Centre");
        var id = await Api.ParticipantAsync("Ana Lima", "Ana.Lima@Example.org", organisation);
        var token = await Api.TokenAsync(id);

        var me = (await Api.GetAsync("/me", token)).ShouldBe(HttpStatusCode.OK).As<MeView>();

        me.Administrator.ShouldBeFalse();
        (me.Participant!.Id.ToString(), me.Participant.Email).ShouldBe((id, "ana.lima@example.org"));
        me.Organisation!.Name.ShouldBe("Roma Rights Centre");
        me.Agreements.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_revoked_token_is_refused_at_once()
    {
        var person = await Api.PersonAsync();
        (await Api.GetAsync("/me", person.Token)).ShouldBe(HttpStatusCode.OK);
        var tokenId = (await Api.GetAsync($"/participants/{person.Id}/tokens", Scenarios.Admin)).Json[0]!["id"]!.GetValue<string>();

        (await Api.DeleteAsync($"/participants/{person.Id}/tokens/{tokenId}", Scenarios.Admin)).ShouldBe(HttpStatusCode.NoContent);

        (await Api.GetAsync("/me", person.Token)).ShouldRefuse(HttpStatusCode.Unauthorized).ShouldContain("revoked");
    }

    [Fact]
    public async Task revoking_one_token_leaves_the_others_working()
    {
        var person = await Api.PersonAsync();
        var second = await Api.TokenAsync(person.Id);
        var tokens = (await Api.GetAsync($"/participants/{person.Id}/tokens", Scenarios.Admin)).Json.AsArray();
        tokens.Count.ShouldBe(2);

        (await Api.DeleteAsync($"/participants/{person.Id}/tokens/{tokens[0]!["id"]}", Scenarios.Admin)).ShouldBe(HttpStatusCode.NoContent);

        (await Api.GetAsync("/me", person.Token)).ShouldBeProblem(HttpStatusCode.Unauthorized);
        (await Api.GetAsync("/me", second)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task revoking_twice_changes_nothing_the_second_time()
    {
        var person = await Api.PersonAsync();
        var tokenId = (await Api.GetAsync($"/participants/{person.Id}/tokens", person.Token)).Json[0]!["id"]!.GetValue<string>();
        (await Api.DeleteAsync($"/participants/{person.Id}/tokens/{tokenId}", Scenarios.Admin)).ShouldBe(HttpStatusCode.NoContent);
        var written = await WrittenAsync();

        (await Api.DeleteAsync($"/participants/{person.Id}/tokens/{tokenId}", Scenarios.Admin)).ShouldBe(HttpStatusCode.NoContent);

        (await WrittenAsync()).ShouldBe(written);
    }

    [Fact]
    public async Task a_participant_may_issue_list_and_revoke_their_own_tokens()
    {
        var person = await Api.PersonAsync();

        var extra = await Api.TokenAsync(person.Id, issuer: person.Token);
        var listed = (await Api.GetAsync($"/participants/{person.Id}/tokens", extra)).ShouldBe(HttpStatusCode.OK);
        listed.Json.AsArray().Count.ShouldBe(2);
        listed.Body.ShouldNotContain(person.Token);
        listed.Body.ShouldNotContain("hash", Case.Insensitive);

        var firstId = listed.Json[0]!["id"]!.GetValue<string>();
        (await Api.DeleteAsync($"/participants/{person.Id}/tokens/{firstId}", extra)).ShouldBe(HttpStatusCode.NoContent);
        (await Api.GetAsync("/me", person.Token)).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_participant_cannot_see_or_touch_another_participants_tokens()
    {
        var ana = await Api.PersonAsync("Ana Lima");
        var ben = await Api.PersonAsync("Ben Okafor");
        var benTokenId = (await Api.GetAsync($"/participants/{ben.Id}/tokens", ben.Token)).Json[0]!["id"]!.GetValue<string>();
        var written = await WrittenAsync();

        (await Api.PostAsync($"/participants/{ben.Id}/tokens", ana.Token)).ShouldBeProblem(HttpStatusCode.NotFound);
        (await Api.GetAsync($"/participants/{ben.Id}/tokens", ana.Token)).ShouldBeProblem(HttpStatusCode.NotFound);
        (await Api.DeleteAsync($"/participants/{ben.Id}/tokens/{benTokenId}", ana.Token)).ShouldBeProblem(HttpStatusCode.NotFound);

        (await WrittenAsync()).ShouldBe(written);
        (await Api.GetAsync("/me", ben.Token)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task tokens_for_unknown_participants_or_tokens_are_not_found()
    {
        var person = await Api.PersonAsync();

        (await Api.PostAsync($"/participants/{Guid.NewGuid()}/tokens", Scenarios.Admin)).ShouldBeProblem(HttpStatusCode.NotFound);
        (await Api.DeleteAsync($"/participants/{person.Id}/tokens/{Guid.NewGuid()}", Scenarios.Admin)).ShouldBeProblem(HttpStatusCode.NotFound);
        (await Api.GetAsync($"/participants/{Guid.NewGuid()}/tokens", Scenarios.Admin)).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_administrator_token_answers_me_as_administrator()
    {
        var me = (await Api.GetAsync("/me", Scenarios.Admin)).ShouldBe(HttpStatusCode.OK).As<MeView>();

        (me.Administrator, me.Participant).ShouldBe((true, null));
    }

    [Fact]
    public async Task a_participant_revokes_all_their_tokens_at_once_and_a_revoked_token_says_not_when()
    {
        var person = await Api.PersonAsync();
        var second = await Api.TokenAsync(person.Id, person.Token);
        var other = await Api.PersonAsync("Someone Else");

        (await Api.DeleteAsync($"/participants/{person.Id}/tokens", second)).ShouldBe(HttpStatusCode.NoContent);

        foreach (var token in new[] { person.Token, second })
        {
            var detail = (await Api.GetAsync("/me", token)).ShouldRefuse(HttpStatusCode.Unauthorized);
            detail.ShouldBe("The bearer token was revoked. Ask for a new one.");
        }

        (await Api.GetAsync("/me", other.Token)).ShouldBe(HttpStatusCode.OK);
        (await Api.DeleteAsync($"/participants/{person.Id}/tokens", other.Token)).ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
