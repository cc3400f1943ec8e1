using System.Net;

namespace AgreementService.Tests.Support;

/// <summary>Every kind of caller a route can meet.</summary>
public enum Caller { Anonymous, Revoked, Outsider, Observer, Member, Facilitator, Administrator }

/// <summary>
/// A community with one of everything a route can name: a proposal, a comment, a proposal under vote, a webhook,
/// a newcomer outside it, an outsider with a token, and a facilitator whose token was revoked.
/// </summary>
public sealed record World(Community Community, string Proposal, string Comment, string Newcomer, string MemberTokenId, Person Revoked, Person Outsider,
    string Vote, string Slug, string Clause, string Hook, string Organisation)
{
    public static async Task<World> BuildAsync(Api api)
    {
        var facilitator = await api.PersonAsync("Fatima Diallo");
        var slug = $"a-{Guid.NewGuid():N}";
        var agreement = await api.AgreementAsync(facilitator, slug);
        var c = new Community(agreement, facilitator,
            await api.MemberAsync(agreement, facilitator, "member", "Ben Okafor"),
            await api.MemberAsync(agreement, facilitator, "observer", "Olga Nowak"));
        (await api.RulesAsync(c, minDiscussionHours: 0)).ShouldBe(HttpStatusCode.OK);
        var proposal = await api.ProposalAsync(c, new { op = "add", text = "A new clause." });
        var vote = await api.CallVoteAsync(c, await api.ProposalAsync(c, new { op = "add", text = "Another clause." }));
        var comment = (await api.PostAsync($"/proposals/{proposal}/comments", c.Member.Token, new { body = "My view." })).ShouldBe(HttpStatusCode.Created)["id"];
        var newcomer = await api.ParticipantAsync("Newcomer");
        await api.TokenAsync(c.Member.Id);
        var memberTokenId = (await api.GetAsync($"/participants/{c.Member.Id}/tokens", Scenarios.Admin)).Json.AsArray().Last()!["id"]!.GetValue<string>();
        var revoked = await api.MemberAsync(agreement, facilitator, "facilitator", "Revoked Person");
        var revokedTokenId = (await api.GetAsync($"/participants/{revoked.Id}/tokens", Scenarios.Admin)).Json[0]!["id"]!.GetValue<string>();
        (await api.DeleteAsync($"/participants/{revoked.Id}/tokens/{revokedTokenId}", Scenarios.Admin)).ShouldBe(HttpStatusCode.NoContent);
        return new World(c, proposal, comment, newcomer, memberTokenId, revoked, await api.PersonAsync("Outsider"), vote, slug,
            await api.ClauseIdAsync(agreement, "1"),
            (await api.PostAsync($"/agreements/{agreement}/webhooks", facilitator.Token, new { url = "https://partner.example.org/hook" })).ShouldBe(HttpStatusCode.Created)["id"],
            await api.OrganisationAsync($"Organisation {Guid.NewGuid():N}"));
    }

    /// <summary>The path with the world's things in place of {agreement}, {proposal}, {comment}, {vote}, {slug}, {clause}, {hook}, {newcomer}, {observer}, {member}, {memberToken}.</summary>
    public string Fill(string path) => path
        .Replace("{agreement}", Community.AgreementId, StringComparison.Ordinal)
        .Replace("{proposal}", Proposal, StringComparison.Ordinal)
        .Replace("{comment}", Comment, StringComparison.Ordinal)
        .Replace("{vote}", Vote, StringComparison.Ordinal)
        .Replace("{slug}", Slug, StringComparison.Ordinal)
        .Replace("{clause}", Clause, StringComparison.Ordinal)
        .Replace("{hook}", Hook, StringComparison.Ordinal)
        .Replace("{organisation}", Organisation, StringComparison.Ordinal)
        .Replace("{newcomer}", Newcomer, StringComparison.Ordinal)
        .Replace("{observer}", Community.Observer.Id, StringComparison.Ordinal)
        .Replace("{member}", Community.Member.Id, StringComparison.Ordinal)
        .Replace("{memberToken}", MemberTokenId, StringComparison.Ordinal);

    public string? Token(Caller caller) => caller switch
    {
        Caller.Anonymous => null,
        Caller.Revoked => Revoked.Token,
        Caller.Outsider => Outsider.Token,
        Caller.Observer => Community.Observer.Token,
        Caller.Member => Community.Member.Token,
        Caller.Facilitator => Community.Facilitator.Token,
        _ => Scenarios.Admin,
    };

    public Task<Response> CallAsync(Api api, string method, string path, Caller caller, object? body) =>
        api.SendAsync(new HttpMethod(method), Fill(path), Token(caller), body);
}
