using AgreementService.Agreements;
using AgreementService.Proposals;
using AgreementService.Votes;
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

/// <summary>Agreements and their members, as the administrator and facilitators would set them up.</summary>
public static class AgreementScenarios
{
    public static object FoundingText => new[]
    {
        new { heading = "Purpose", text = "We litigate together for justice.", clauses = new object[]
        {
            new { text = "We share knowledge across borders." },
            new { text = "We support each other's cases." },
        } },
        new { heading = "Values", text = "We act with care and respect.", clauses = Array.Empty<object>() },
        new { heading = "Decisions", text = "We decide by consent.", clauses = Array.Empty<object>() },
    };

    /// <summary>A public agreement with <paramref name="facilitator"/> as its first facilitator; returns its id.</summary>
    public static async Task<string> AgreementAsync(this Api api, Person facilitator, string slug = "community-agreement", string visibility = "public") =>
        (await api.PostAsync("/agreements", Scenarios.Admin,
            new { slug, title = "Community Agreement", visibility, clauses = FoundingText, facilitatorId = facilitator.Id }))
        .ShouldBe(System.Net.HttpStatusCode.Created)["id"];

    public static async Task<Person> MemberAsync(this Api api, string agreementId, Person facilitator, string role = "member", string name = "Ben Okafor")
    {
        var person = await api.PersonAsync(name);
        (await api.SendAsync(HttpMethod.Put, $"/agreements/{agreementId}/members/{person.Id}", facilitator.Token, new { role }))
            .ShouldBe(System.Net.HttpStatusCode.OK);
        return person;
    }

    /// <summary>The clause id at a number ("2", "1.2") in the agreement's current text.</summary>
    public static async Task<string> ClauseIdAsync(this Api api, string agreementId, string number, string token = Scenarios.Admin)
    {
        var text = (await api.GetAsync($"/agreements/{agreementId}", token)).ShouldBe(System.Net.HttpStatusCode.OK).Json;
        return Find(text["clauses"]!.AsArray(), number) ?? throw new InvalidOperationException($"No clause {number}.");
    }

    private static string? Find(System.Text.Json.Nodes.JsonArray clauses, string number) =>
        clauses.Select(c => c!["number"]!.GetValue<string>() == number ? c["id"]!.GetValue<string>() : Find(c["clauses"]!.AsArray(), number))
            .FirstOrDefault(id => id is not null);
}

public sealed record Community(string AgreementId, Person Facilitator, Person Member, Person Observer);

public static class ProposalScenarios
{
    /// <summary>An agreement with a facilitator, a member and an observer.</summary>
    public static async Task<Community> CommunityAsync(this Api api)
    {
        var facilitator = await api.PersonAsync("Fatima Diallo");
        var agreement = await api.AgreementAsync(facilitator);
        var member = await api.MemberAsync(agreement, facilitator, "member", "Ben Okafor");
        var observer = await api.MemberAsync(agreement, facilitator, "observer", "Olga Nowak");
        return new Community(agreement, facilitator, member, observer);
    }

    public static Task<Response> ProposeAsync(this Api api, Community community, params object[] changes) =>
        api.ProposeAsync(community.AgreementId, community.Member, 1, changes);

    public static Task<Response> ProposeAsync(this Api api, string agreementId, Person author, int baseVersion, params object[] changes) =>
        api.PostAsync($"/agreements/{agreementId}/proposals", author.Token,
            new { title = "Clarify our purpose", rationale = "The purpose should name strategic litigation.", baseVersion, changes });

    public static async Task<string> ProposalAsync(this Api api, Community community, params object[] changes) =>
        (await api.ProposeAsync(community, changes)).ShouldBe(System.Net.HttpStatusCode.Created)["id"];
}

public static class VoteScenarios
{
    public static Task<Response> RulesAsync(this Api api, Community c, string method = "consent", double quorum = 0.5, double threshold = 0.6667,
        string unit = "participant", int blocksToFail = 1, double minDiscussionHours = 0, bool closeWhenAllVoted = false) =>
        api.SendAsync(HttpMethod.Put, $"/agreements/{c.AgreementId}/decision-rules", c.Facilitator.Token, new
        {
            method, threshold, quorum, votingUnit = unit, blocksToFail, minDiscussionHours, defaultVotingHours = 168, closeWhenAllVoted,
        });

    public static async Task<string> CallVoteAsync(this Api api, Community c, string proposal, DateTimeOffset? closesAt = null) =>
        (await api.PostAsync($"/proposals/{proposal}/votes", c.Facilitator.Token, new { closesAt = closesAt ?? DateTimeOffset.UtcNow.AddHours(1) }))
        .ShouldBe(System.Net.HttpStatusCode.Created)["id"];

    public static Task<Response> BallotAsync(this Api api, string vote, Person voter, string choice, string? reason = null) =>
        api.SendAsync(HttpMethod.Put, $"/votes/{vote}/ballot", voter.Token, new { choice, reason });

    /// <summary>Polls the vote until it is no longer open (or the time is up), as a client waiting for the deadline would.</summary>
    public static async Task<VoteView> EndedVoteAsync(this Api api, string vote, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var read = await api.VoteAsync(vote);
            if (read.Status != VoteStatus.Open || DateTime.UtcNow > deadline)
            {
                return read;
            }

            await Task.Delay(200);
        }
    }

    public static async Task<VoteView> VoteAsync(this Api api, string vote, string token = Scenarios.Admin) =>
        (await api.GetAsync($"/votes/{vote}", token)).ShouldBe(System.Net.HttpStatusCode.OK).As<VoteView>();

    public static async Task<TallyResult> CloseAsync(this Api api, Community c, string vote) =>
        (await api.PostAsync($"/votes/{vote}/close", c.Facilitator.Token)).ShouldBe(System.Net.HttpStatusCode.OK).As<TallyResult>();

    public static async Task<ProposalView> ReadProposalAsync(this Api api, string proposal, string token = Scenarios.Admin) =>
        (await api.GetAsync($"/proposals/{proposal}", token)).ShouldBe(System.Net.HttpStatusCode.OK).As<ProposalView>();

    public static async Task<AgreementView> TextAsync(this Api api, string agreementId, string token = Scenarios.Admin) =>
        (await api.GetAsync($"/agreements/{agreementId}", token)).ShouldBe(System.Net.HttpStatusCode.OK).As<AgreementView>();

    /// <summary>More members for a community, each with a token; optionally all of one organisation.</summary>
    public static async Task<List<Person>> MembersAsync(this Api api, Community c, int count, string? organisationId = null)
    {
        var people = new List<Person>();
        for (var i = 0; i < count; i++)
        {
            var id = await api.ParticipantAsync($"Voter {i}", organisationId: organisationId);
            var person = new Person(id, await api.TokenAsync(id));
            (await api.SendAsync(HttpMethod.Put, $"/agreements/{c.AgreementId}/members/{id}", c.Facilitator.Token, new { role = "member" }))
                .ShouldBe(System.Net.HttpStatusCode.OK);
            people.Add(person);
        }

        return people;
    }
}

public static class PublishingScenarios
{
    /// <summary>Proposes the changes, votes them through and closes the vote: the agreement's next version. Returns the proposal id.</summary>
    public static async Task<string> RatifyAsync(this Api api, Community c, params object[] changes)
    {
        (await api.RulesAsync(c)).ShouldBe(System.Net.HttpStatusCode.OK);
        var version = (await api.GetAsync($"/agreements/{c.AgreementId}", c.Member.Token)).Json["version"]!.GetValue<int>();
        var proposal = (await api.ProposeAsync(c.AgreementId, c.Member, version, changes)).ShouldBe(System.Net.HttpStatusCode.Created)["id"];
        var vote = await api.CallVoteAsync(c, proposal);
        (await api.BallotAsync(vote, c.Member, "agree")).ShouldBe(System.Net.HttpStatusCode.OK);
        (await api.PostAsync($"/votes/{vote}/close", c.Facilitator.Token)).ShouldBe(System.Net.HttpStatusCode.OK)["outcome"].ShouldBe("passed");
        return proposal;
    }

    public static async Task<Response> AcceptAsync(this Api api, string url, string accept, string? token = null, string? ifNoneMatch = null,
        string? origin = null, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        return await api.SendAsync(request);
    }
}
