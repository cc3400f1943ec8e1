using System.Net;
using AgreementService.Organisations;
using AgreementService.Tests.Support;
using Microsoft.Extensions.Logging;

namespace AgreementService.Tests.Infrastructure;

/// <summary>Every class of bad input gets a 4xx problem+json that says what to do, and writes nothing.</summary>
public sealed class BadInputTests(AppFixture app) : IntegrationContext(app)
{
    private const string Admin = Scenarios.Admin;

    public static TheoryData<string, HttpStatusCode> MalformedOrganisations => new()
    {
        { "{\"name\":", HttpStatusCode.BadRequest },                        // truncated JSON
        { "not json at all", HttpStatusCode.BadRequest },
        { "", HttpStatusCode.BadRequest },                                  // no body
        { "null", HttpStatusCode.BadRequest },
        { "[]", HttpStatusCode.BadRequest },                                // wrong shape
        { "{\"name\": 42}", HttpStatusCode.BadRequest },                    // wrong type
        { "{}", HttpStatusCode.BadRequest },                                // missing field
        { "{\"name\": \"   \"}", HttpStatusCode.BadRequest },               // blank
        { "{\"name\": \"Fine\", \"admin\": true}", HttpStatusCode.BadRequest }, // unknown field
        { $"{{\"name\": \"{new string('x', 201)}\"}}", HttpStatusCode.BadRequest }, // too long
        { new string('[', 100) + new string(']', 100), HttpStatusCode.BadRequest }, // deep nesting
    };

    [Theory]
    [MemberData(nameof(MalformedOrganisations))]
    public async Task malformed_bodies_are_refused_and_nothing_is_written(string body, HttpStatusCode status)
    {
        var written = await WrittenAsync();

        var response = await Api.SendAsync(HttpMethod.Post, "/organisations", Admin, rawBody: body);

        response.ShouldBeProblem(status);
        (await WrittenAsync()).ShouldBe(written);
    }

    private const string Organisations = "organisations";
    private const string Proposals = "proposals";

    private static string Proposal(string changes, string title = "\"Clarify\"", string baseVersion = "1") =>
        $"{{\"title\": {title}, \"rationale\": \"Why.\", \"baseVersion\": {baseVersion}, \"changes\": {changes}}}";

    /// <summary>Bodies that cannot be bound (or bind to nothing): the JSON path each answer names, and what it says there.</summary>
    public static TheoryData<string, string, string, string> UnboundBodies => new()
    {
        { Organisations, "not json at all", "$", "not well-formed JSON" },
        { Organisations, "{\"name\":", "$", "line 1, byte 9" },                                   // cut short
        { Organisations, "", "$", "needs a JSON object as its body" },                              // no body
        { Organisations, "null", "$", "needs a JSON object as its body" },
        { Organisations, "[]", "$", "The body must be a JSON object" },
        { Organisations, "{\"name\": 42}", "name", "'name' must be text" },                          // wrong type
        { Organisations, "{\"name\": \"Fine\", \"admin\": true}", "admin", "'admin' is not a field" },  // unknown field
        { Organisations, "{}", "name", "'name' must not be empty" },                               // missing: validation, one shape
        { Organisations, "{\"name\": null}", "name", "'name' must not be empty" },                  // null where a value is needed
        { Proposals, Proposal("[{\"op\": \"add\", \"clauseId\": 42, \"text\": \"x\"}]"), "changes[0].clauseId", "'clauseId' must be an id, a UUID" },
        { Proposals, Proposal("[{\"op\": \"add\", \"text\": \"x\"}, {\"op\": \"amend\", \"clauseId\": \"clause-2\", \"text\": \"y\"}]"), "changes[1].clauseId", "a UUID" },
        { Proposals, Proposal("[{\"op\": \"add\", \"text\": \"x\", \"colour\": \"red\"}]"), "changes[0].colour", "'colour' is not a field" },
        { Proposals, Proposal("[{\"op\": \"rewrite\", \"text\": \"x\"}]"), "changes[0]", "'op': one of add, amend, remove, move" },
        { Proposals, Proposal("[{\"text\": \"x\"}]"), "changes[0].text", "'op' takes it (add, amend)" },    // no op
        { Proposals, Proposal("{\"op\": \"add\"}"), "changes", "'changes' must be a JSON array" },
        { Proposals, Proposal("[]", baseVersion: "\"one\""), "baseVersion", "'baseVersion' must be a whole number" },
        { Proposals, Proposal("[{\"op\": \"add\", \"text\": \"x\"}]", title: "null"), "title", "'title' must not be empty" },
    };

    [Theory]
    [MemberData(nameof(UnboundBodies))]
    public async Task a_body_that_cannot_be_bound_is_refused_like_an_invalid_one_naming_the_field_by_its_json_path(
        string route, string body, string field, string says)
    {
        var (url, token) = route == Organisations ? ("/organisations", Admin) : await ProposalsAsync();
        var invalid = (await Api.PostAsync("/participants", Admin, new { name = "", email = "ana@example.org" })).ShouldBeProblem(HttpStatusCode.BadRequest);
        var written = await WrittenAsync();

        var problem = (await Api.SendAsync(HttpMethod.Post, url, token, rawBody: body)).ShouldBeProblem(HttpStatusCode.BadRequest);

        // A validation failure's shape, title and detail; 'errors' names the field as validation would; nothing else.
        problem.AsObject().Select(p => p.Key).ShouldBe(["type", "title", "status", "detail", "instance", "errors", "traceId"]);
        problem["title"]!.GetValue<string>().ShouldBe(invalid["title"]!.GetValue<string>());
        problem["detail"]!.GetValue<string>().ShouldBe(invalid["detail"]!.GetValue<string>());
        var errors = problem["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe([field]);
        errors[field]!.AsArray().Single()!.GetValue<string>().ShouldContain(says);
        (await WrittenAsync()).ShouldBe(written);
    }

    private async Task<(string Url, string Token)> ProposalsAsync()
    {
        var community = await Api.CommunityAsync();
        return ($"/agreements/{community.AgreementId}/proposals", community.Member.Token);
    }

    [Fact]
    public async Task every_problem_has_the_type_of_its_status_whoever_raised_it()
    {
        var person = await Api.PersonAsync();
        await Api.OrganisationAsync("ERRC");
        var asks = new (HttpStatusCode Status, Func<Task<Response>> Send)[]
        {
            (HttpStatusCode.BadRequest, () => Api.SendAsync(HttpMethod.Post, "/organisations", Admin, rawBody: "{\"name\":")), // Wolverine, reading the body
            (HttpStatusCode.BadRequest, () => Api.PostAsync("/participants", Admin, new { name = "", email = "x" })),          // FluentValidation
            (HttpStatusCode.BadRequest, () => Api.GetAsync("/organisations?pageSize=0", Admin)),                            // a use case
            (HttpStatusCode.Unauthorized, () => Api.GetAsync("/me")),                                                      // authentication
            (HttpStatusCode.Forbidden, () => Api.PostAsync("/organisations", person.Token, new { name = "x" })),           // authorization
            (HttpStatusCode.NotFound, () => Api.GetAsync("/no-such-route", Admin)),                                        // routing
            (HttpStatusCode.NotFound, () => AcceptingAsync("text/html", HttpMethod.Get, $"/agreements/{Guid.NewGuid()}")), // a use case, to a browser
            (HttpStatusCode.MethodNotAllowed, () => Api.SendAsync(HttpMethod.Put, "/organisations", Admin)),
            (HttpStatusCode.NotAcceptable, () => AcceptingAsync("text/csv", HttpMethod.Post, "/organisations", "{\"name\": \"x\"}")),
            (HttpStatusCode.Conflict, () => Api.PostAsync("/organisations", Admin, new { name = "errc" })),
            (HttpStatusCode.RequestEntityTooLarge, () => Api.SendAsync(HttpMethod.Post, "/organisations", Admin, rawBody: new string(' ', 1024 * 1024 + 1))),
            (HttpStatusCode.UnsupportedMediaType, () => Api.SendAsync(HttpMethod.Post, "/organisations", Admin, rawBody: "{}", contentType: "text/plain")),
            (HttpStatusCode.UnprocessableEntity, () => Api.PostAsync("/participants", Admin, new { name = "Ana", email = "ana@example.org", organisationId = Guid.NewGuid() })),
        };

        foreach (var (status, send) in asks)
        {
            // ShouldBeProblem holds 'type' to the one scheme (Api.ProblemType).
            (await send()).ShouldBeProblem(status);
        }
    }

    private async Task<Response> AcceptingAsync(string accept, HttpMethod method, string url, string? json = null)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new("Bearer", Admin);
        request.Headers.Accept.ParseAdd(accept);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        return await Api.SendAsync(request);
    }

    [Fact]
    public async Task a_body_that_cannot_be_read_is_logged_as_the_clients_mistake_not_as_an_error()
    {
        var mark = App.Logs.Mark();

        foreach (var body in new[] { "{\"name\":", "not json at all", "{\"name\": 42}", "{\"name\": \"Fine\", \"admin\": true}" })
        {
            (await Api.SendAsync(HttpMethod.Post, "/organisations", Admin, rawBody: body)).ShouldBeProblem(HttpStatusCode.BadRequest);
        }

        var logged = App.Logs.Since(mark);
        logged.Where(e => e.Level >= LogLevel.Error).ShouldBeEmpty(string.Join("\n", logged.Select(e => $"{e.Level} {e.Category}: {e.Message}")));
        // Lowered, not lost: each is there at Debug, for whoever looks into a client's trouble.
        logged.Count(e => e.Level == LogLevel.Debug && e.Category == typeof(CreateOrganisation).FullName && e.Message.Contains("deserialize", StringComparison.Ordinal))
            .ShouldBe(4);
    }

    [Fact]
    public async Task validation_errors_name_the_json_fields()
    {
        var problem = (await Api.PostAsync("/participants", Admin, new { name = "", email = "not-an-email" }))
            .ShouldBeProblem(HttpStatusCode.BadRequest);

        var errors = problem["errors"]!.AsObject();
        errors.Select(e => e.Key).Order().ShouldBe(["email", "name"]);
    }

    [Fact]
    public async Task an_unknown_organisation_cannot_be_joined()
    {
        var written = await WrittenAsync();

        var problem = (await Api.PostAsync("/participants", Admin, new { name = "Ana", email = "ana@example.org", organisationId = Guid.NewGuid() }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity);

        problem["detail"]!.GetValue<string>().ShouldContain("POST /organisations");
        (await WrittenAsync()).ShouldBe(written);
    }

    [Fact]
    public async Task duplicates_conflict_and_nothing_is_written()
    {
        await Api.OrganisationAsync("ERRC");
        await Api.ParticipantAsync("Ana", "ana@example.org");
        var written = await WrittenAsync();

        (await Api.PostAsync("/organisations", Admin, new { name = "errc" })).ShouldBeProblem(HttpStatusCode.Conflict);
        (await Api.PostAsync("/participants", Admin, new { name = "Ana Again", email = "ANA@example.org" })).ShouldBeProblem(HttpStatusCode.Conflict);

        (await WrittenAsync()).ShouldBe(written);
    }

    [Fact]
    public async Task a_body_over_one_mebibyte_is_too_large()
    {
        var written = await WrittenAsync();
        var huge = $"{{\"name\": \"{new string('x', 1024 * 1024)}\"}}";

        (await Api.SendAsync(HttpMethod.Post, "/organisations", Admin, rawBody: huge)).ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge);

        (await WrittenAsync()).ShouldBe(written);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task bodies_that_are_not_json_are_an_unsupported_media_type(string contentType)
    {
        var written = await WrittenAsync();

        (await Api.SendAsync(HttpMethod.Post, "/organisations", Admin, rawBody: "name=x", contentType: contentType))
            .ShouldBeProblem(HttpStatusCode.UnsupportedMediaType);

        (await WrittenAsync()).ShouldBe(written);
    }

    [Theory]
    [InlineData("GET", "/no-such-route")]
    [InlineData("GET", "/organisations/not-a-guid/tokens")]
    [InlineData("POST", "/participants/not-a-guid/tokens")]
    public async Task unknown_routes_are_not_found(string method, string url)
    {
        var problem = (await Api.SendAsync(new HttpMethod(method), url, Admin)).ShouldBeProblem(HttpStatusCode.NotFound);

        problem["detail"]!.GetValue<string>().ShouldContain("/swagger");
    }

    [Theory]
    [InlineData("PUT", "/organisations")]
    [InlineData("DELETE", "/me")]
    [InlineData("PATCH", "/participants")]
    public async Task wrong_methods_are_not_allowed(string method, string url)
    {
        var response = await Api.SendAsync(new HttpMethod(method), url, Admin);

        response.ShouldRefuse(HttpStatusCode.MethodNotAllowed).ShouldContain(method);
    }

    [Fact]
    public async Task asking_for_something_other_than_json_is_not_acceptable()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/organisations") { Content = new StringContent("{\"name\":\"x\"}") };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Authorization = new("Bearer", Admin);
        request.Headers.Accept.ParseAdd("text/csv");
        var written = await WrittenAsync();

        using var response = await App.Host.Server.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.NotAcceptable);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await WrittenAsync()).ShouldBe(written);
    }
}
