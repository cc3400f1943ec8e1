using System.Net;
using System.Text.Json.Nodes;
using AgreementService.Tests.Infrastructure;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Identity;

/// <summary>
/// Every route, called by every kind of caller: nobody is let in who should not be, and everybody who should
/// be is. A route missing from this table fails the test, so new routes must declare who may use them.
/// </summary>
public sealed class AuthorizationMatrixTests(AppFixture app) : IntegrationContext(app)
{
    public enum Need { Public, Anyone, Observer, Participant, Member, Author, Facilitator, Administrator, Self, AnyParticipant }

    public sealed record Route(string Method, string Path, Need Need, Func<World, object?>? Body = null);

    /// <summary>Every route with a body it accepts; paths name the world's things in braces (see <see cref="World.Fill"/>).</summary>
    public static readonly Route[] Routes =
    [
        new("GET", "/me", Need.Anyone),
        new("GET", "/organisations", Need.Administrator),
        new("GET", "/organisations/{organisation}", Need.Administrator),
        new("POST", "/organisations", Need.Administrator, _ => new { name = $"Org {Guid.NewGuid():N}" }),
        new("GET", "/participants", Need.Administrator),
        new("GET", "/participants/{member}", Need.Self),
        new("POST", "/participants", Need.Administrator, _ => new { name = "New", email = $"{Guid.NewGuid():N}@example.org" }),
        new("GET", "/participants/{member}/tokens", Need.Self),
        new("POST", "/participants/{member}/tokens", Need.Self),
        new("DELETE", "/participants/{member}/tokens/{memberToken}", Need.Self),
        new("DELETE", "/participants/{member}/tokens", Need.Self),
        new("GET", "/agreements", Need.Anyone),
        new("POST", "/agreements", Need.Administrator, _ => new { slug = $"a-{Guid.NewGuid():N}", title = "T", visibility = "members", clauses = new[] { new { text = "One." } } }),
        new("GET", "/agreements/{agreement}", Need.Observer),
        new("GET", "/agreements/{agreement}/versions", Need.Observer),
        new("GET", "/agreements/{agreement}/versions/1", Need.Observer),
        new("GET", "/agreements/{agreement}/activity", Need.Observer),
        new("GET", "/agreements/{agreement}/members", Need.Observer),
        new("PUT", "/agreements/{agreement}/members/{newcomer}", Need.Facilitator, _ => new { role = "member" }),
        new("DELETE", "/agreements/{agreement}/members/{observer}", Need.Facilitator),
        new("GET", "/agreements/{agreement}/decision-rules", Need.Observer),
        new("PUT", "/agreements/{agreement}/decision-rules", Need.Facilitator, _ => new
        {
            method = "consensus", threshold = 0.75, quorum = 0.6, votingUnit = "participant", blocksToFail = 1,
            minDiscussionHours = 0, defaultVotingHours = 24, closeWhenAllVoted = false,
        }),
        new("GET", "/agreements/{agreement}/proposals", Need.Observer),
        new("POST", "/agreements/{agreement}/proposals", Need.Member, _ => new
        {
            title = "T", rationale = "R", baseVersion = 1, changes = new[] { new { op = "add", text = "New clause." } },
        }),
        new("POST", "/agreements/{agreement}/proposals/preview", Need.Member, _ => new
        {
            title = "T", rationale = "R", baseVersion = 1, changes = new[] { new { op = "add", text = "New clause." } },
        }),
        new("GET", "/proposals/{proposal}", Need.Observer),
        new("GET", "/proposals/{proposal}/revisions", Need.Observer),
        new("POST", "/proposals/{proposal}/revisions", Need.Author, _ => new { baseVersion = 1, changes = new[] { new { op = "add", text = "Revised." } } }),
        new("POST", "/proposals/{proposal}/withdraw", Need.Author),
        new("GET", "/proposals/{proposal}/preview", Need.Observer),
        new("GET", "/proposals/{proposal}/revisions/1/diff", Need.Observer),
        new("GET", "/proposals/{proposal}/comments", Need.Observer),
        new("POST", "/proposals/{proposal}/comments", Need.Participant, _ => new { body = "A view." }),
        new("GET", "/comments/{comment}", Need.Observer),
        new("PUT", "/comments/{comment}", Need.Author, _ => new { body = "Edited view." }),
        new("POST", "/comments/{comment}/hide", Need.Facilitator, _ => new { reason = "Off topic." }),
        new("POST", "/proposals/{proposal}/votes", Need.Facilitator, _ => new { closesAt = DateTimeOffset.UtcNow.AddHours(1) }),
        new("GET", "/votes/{vote}", Need.Observer),
        new("PUT", "/votes/{vote}/ballot", Need.Member, _ => new { choice = "agree" }),
        new("POST", "/votes/{vote}/close", Need.Facilitator),
        new("POST", "/votes/{vote}/cancel", Need.Facilitator, _ => new { reason = "Not ready." }),
        new("GET", "/agreements/{agreement}/diff", Need.Observer),
        new("GET", "/proposals/{proposal}/diff", Need.Observer),
        new("GET", "/proposals/{proposal}/document", Need.Observer),
        new("GET", "/agreements/{agreement}/clauses/{clause}/history", Need.Observer),
        new("GET", "/public/agreements/{slug}", Need.Public),
        new("GET", "/public/agreements/{slug}/versions/1", Need.Public),
        new("GET", "/public/agreements/{slug}/diff", Need.Public),
        new("GET", "/embed.js", Need.Public),
        new("GET", "/health/live", Need.Public),
        new("GET", "/health/ready", Need.Public),
        new("HEAD", "/public/agreements/{slug}", Need.Public),
        new("HEAD", "/public/agreements/{slug}/versions/1", Need.Public),
        new("HEAD", "/public/agreements/{slug}/diff", Need.Public),
        new("HEAD", "/embed.js", Need.Public),
        new("POST", "/agreements/{agreement}/webhooks", Need.Facilitator, _ => new { url = "https://partner.example.org/hooks/agreement" }),
        new("GET", "/agreements/{agreement}/webhooks", Need.Facilitator),
        new("GET", "/agreements/{agreement}/webhooks/{hook}", Need.Facilitator),
        new("DELETE", "/agreements/{agreement}/webhooks/{hook}", Need.Facilitator),
        new("GET", "/agreements/{agreement}/webhooks/{hook}/deliveries", Need.Facilitator),
        new("POST", "/invitations", Need.Administrator, _ => new { name = "Invited", email = $"{Guid.NewGuid():N}@example.org" }),
        new("POST", "/agreements/{agreement}/invitations", Need.Facilitator, _ => new { name = "Invited", email = $"{Guid.NewGuid():N}@example.org", role = "member" }),
        new("POST", "/participants/{member}/invitation", Need.Facilitator),
        new("PUT", "/participants/{newcomer}/administrator", Need.Administrator),
        new("DELETE", "/participants/{newcomer}/administrator", Need.Administrator),
        new("POST", "/sign-in", Need.Public, _ => new { email = $"{Guid.NewGuid():N}@example.org" }),
        new("GET", "/sign-in/{link}", Need.Public),
        new("POST", "/sign-in/{link}", Need.Public),
        new("POST", "/sign-out", Need.Public),
        new("GET", "/me/sessions", Need.Anyone),
        new("DELETE", "/me/sessions/{nobody}", Need.Anyone),
        new("DELETE", "/me/sessions", Need.Anyone),
        new("POST", "/votes/{vote}/reminders", Need.Facilitator),
        new("GET", "/me/notifications", Need.AnyParticipant),
        new("PUT", "/me/notifications", Need.AnyParticipant, _ => new { level = "mine", timeZone = "Europe/Paris", language = "en" }),
        new("GET", "/unsubscribe/{unsubscribe}", Need.Public),
        new("POST", "/unsubscribe/{unsubscribe}", Need.Public),
    ];

    public static TheoryData<string, string> AllRoutes
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var route in Routes)
            {
                data.Add(route.Method, route.Path);
            }

            return data;
        }
    }

    /// <summary>What each caller gets: null means "let in" (2xx); otherwise the refusal.</summary>
    private static HttpStatusCode? Expected(Need need, Caller caller) => (need, caller) switch
    {
        (Need.Public, _) => null,
        (_, Caller.Anonymous or Caller.Revoked) => HttpStatusCode.Unauthorized,
        (Need.Anyone, _) => null,
        (Need.Administrator, Caller.Administrator) => null,
        (Need.Administrator, _) => HttpStatusCode.Forbidden,
        (Need.Self, Caller.Member or Caller.Administrator) => null,
        (Need.Self, _) => HttpStatusCode.NotFound,
        (Need.AnyParticipant, Caller.Administrator) => HttpStatusCode.Forbidden,
        (Need.AnyParticipant, _) => null,
        (_, Caller.Outsider) => HttpStatusCode.NotFound,
        (Need.Observer, _) => null,
        (Need.Participant, Caller.Administrator) => HttpStatusCode.Forbidden,
        (Need.Participant, _) => null,
        (Need.Member, Caller.Member or Caller.Facilitator) => null,
        (Need.Author, Caller.Member) => null,
        (Need.Facilitator, Caller.Facilitator or Caller.Administrator) => null,
        _ => HttpStatusCode.Forbidden,
    };

    [Theory]
    [MemberData(nameof(AllRoutes))]
    public async Task each_caller_gets_exactly_the_access_the_route_declares(string method, string path)
    {
        var route = Routes.Single(r => r.Method == method && r.Path == path);
        var shared = await World.BuildAsync(Api);
        foreach (var caller in Enum.GetValues<Caller>().Where(c => Expected(route.Need, c) is not null))
        {
            var written = await WrittenAsync();
            var response = await shared.CallAsync(Api, route.Method, await LinkAsync(shared, await UnsubscribeAsync(route.Path, shared)), caller, route.Body?.Invoke(shared));
            response.ShouldBeProblem(Expected(route.Need, caller)!.Value);
            (await WrittenAsync()).ShouldBe(written, $"{caller} was refused {method} {path} but something was written");
        }

        foreach (var caller in Enum.GetValues<Caller>().Where(c => Expected(route.Need, c) is null))
        {
            var world = await World.BuildAsync(Api);
            var response = await world.CallAsync(Api, route.Method, await LinkAsync(world, await UnsubscribeAsync(route.Path, world)), caller, route.Body?.Invoke(world));
            // Let in: 2xx, or the 303 that follows a sign-in.
            ((int)response.Status).ShouldBeInRange(200, 303, $"{caller} should be let in to {method} {path}: {response.Body}");
        }
    }

    /// <summary>{unsubscribe}: the member's one-click unsubscribe token for the world's agreement, as their emails carry it.</summary>
    private async Task<string> UnsubscribeAsync(string path, World world) =>
        path.Contains("{unsubscribe}", StringComparison.Ordinal)
            ? path.Replace("{unsubscribe}", await App.Host.Services.GetRequiredService<AgreementService.Notifications.UnsubscribeTokens>()
                .ForAsync(Guid.Parse(world.Community.Member.Id), Guid.Parse(world.Community.AgreementId), CancellationToken.None), StringComparison.Ordinal)
            : path;

    [Fact]
    public async Task the_table_covers_every_route_in_the_openapi_document()
    {
        var document = JsonNode.Parse(await OpenApiTests.CommittedAsync(Api))!["paths"]!.AsObject();
        var documented = document.SelectMany(p => p.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {Shape(p.Key)}")).Order().ToList();

        Routes.Select(r => $"{r.Method} {Shape(r.Path)}").Order().ShouldBe(documented);
    }

    /// <summary>{link}: a fresh sign-in link of the world's member (issued as POST /sign-in would, straight into the store); {nobody}: an id nothing has.</summary>
    private async Task<string> LinkAsync(World world, string path)
    {
        path = path.Replace("{nobody}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
        if (!path.Contains("{link}", StringComparison.Ordinal))
        {
            return path;
        }

        var secret = AgreementService.Access.Tokens.NewToken();
        await using var session = App.Store.LightweightSession();
        session.Store(new AgreementService.Access.SignInLink(AgreementService.Access.Tokens.Hash(secret), Guid.Parse(world.Community.Member.Id),
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(15), null));
        await session.SaveChangesAsync();
        return path.Replace("{link}", secret, StringComparison.Ordinal);
    }

    /// <summary>"/agreements/{id}/versions/{number}" and "/agreements/{agreement}/versions/1" have one shape.</summary>
    private static string Shape(string path) =>
        string.Join('/', path.Split('/').Select(s => s.StartsWith('{') || int.TryParse(s, out _) ? "{}" : s));
}
