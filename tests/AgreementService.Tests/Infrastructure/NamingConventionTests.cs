using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Infrastructure;

/// <summary>
/// One naming for who acted and when, across every answer (docs/api.md, "Names"): who acted is a person object
/// {id, name} (id null for the administrator and the service) in a field named for what they did; a time is
/// <c>&lt;verb&gt;At</c>; <c>eligible</c> is always a count and <c>electorate</c> always a list.
/// </summary>
public sealed class NamingConventionTests(AppFixture app) : IntegrationContext(app)
{
    /// <summary>Fields that hold a person who did something. Any field named "…By" is one too.</summary>
    private static readonly HashSet<string> PersonFields = ["author", "actor", "voter"];

    /// <summary>The old ways of naming who acted and when.</summary>
    private static readonly HashSet<string> Retired = ["by", "at", "authorId", "authorName", "actorId", "voterId"];

    /// <summary>Counts in a tally, which a list must not share a name with.</summary>
    private static readonly HashSet<string> Counts = ["eligible", "left"];

    /// <summary>Times that are a state's start rather than an act, and the webhook event's, named as Standard Webhooks name it.</summary>
    private static readonly HashSet<string> TimesNotAt = ["failingSince", "timestamp"];

    private static bool IsPerson(string field) => PersonFields.Contains(field) || (field.EndsWith("By", StringComparison.Ordinal) && field != "by");

    [Fact]
    public async Task every_schema_in_the_document_names_people_times_and_counts_one_way()
    {
        var schemas = JsonNode.Parse(await OpenApiTests.CommittedAsync(Api))!["components"]!["schemas"]!.AsObject();
        var person = schemas["Person"]!.AsObject();
        person["properties"]!.AsObject().Select(p => p.Key).ShouldBe(["id", "name"]);
        person["properties"]!["id"]!["format"]!.GetValue<string>().ShouldBe("uuid");

        var checkedPeople = 0;
        foreach (var (schema, body) in schemas)
        {
            foreach (var (field, property) in body!["properties"]?.AsObject() ?? new JsonObject())
            {
                var where = $"{schema}.{field}";
                Retired.ShouldNotContain(field, $"{where} is named the old way");
                if (IsPerson(field))
                {
                    property!.ToJsonString().ShouldContain("\"#/components/schemas/Person\"", Case.Sensitive, $"{where} is a person: {{id, name}}");
                    checkedPeople++;
                }

                if (property!["format"]?.GetValue<string>() == "date-time" && !TimesNotAt.Contains(field))
                {
                    field.ShouldEndWith("At", Case.Sensitive, $"{where} is a time");
                }

                if (Counts.Contains(field))
                {
                    property["type"]!.ToJsonString().ShouldContain("integer", Case.Sensitive, $"{where} is a count; the lists are 'electorate' and 'leftVoters'");
                }

                if (field == "electorate")
                {
                    property["type"]!.ToJsonString().ShouldContain("array", Case.Sensitive, $"{where}: 'electorate' is a list of voters");
                }
            }
        }

        checkedPeople.ShouldBeGreaterThanOrEqualTo(6, "author (proposal, comment), revisedBy, hiddenBy, voter, actor");
    }

    [Fact]
    public async Task answers_name_who_acted_as_a_person_and_when_as_a_time()
    {
        var world = await World.BuildAsync(Api);
        var c = world.Community;
        (await Api.BallotAsync(world.Vote, c.Member, "object", "Not yet.")).ShouldBe(HttpStatusCode.OK);
        var reply = (await Api.PostAsync($"/proposals/{world.Proposal}/comments", c.Observer.Token, new { body = "Why?", replyTo = world.Comment }))
            .ShouldBe(HttpStatusCode.Created)["id"];
        (await Api.PostAsync($"/comments/{reply}/hide", Scenarios.Admin, new { reason = "Off topic." })).ShouldBe(HttpStatusCode.OK);

        var answers = new Dictionary<string, JsonNode>();
        foreach (var path in new[]
        {
            $"/proposals/{world.Proposal}", $"/proposals/{world.Proposal}/revisions", $"/proposals/{world.Proposal}/comments",
            $"/comments/{world.Comment}", $"/comments/{reply}", $"/votes/{world.Vote}", $"/agreements/{c.AgreementId}/activity?pageSize=200",
        })
        {
            answers[path] = (await Api.GetAsync(path, c.Observer.Token)).ShouldBe(HttpStatusCode.OK).Json;
        }

        var people = answers.SelectMany(a => Walk(a.Value, a.Key)).ToList();
        people.Select(p => p.Field).Distinct().Order().ShouldBe(["actor", "author", "hiddenBy", "revisedBy", "voter"]);
        people.ShouldContain(p => p.Field == "hiddenBy" && p.Id == null && p.Name == "The administrator", "the administrator is a person without an id");
        people.ShouldContain(p => p.Field == "voter" && p.Id == c.Member.Id && p.Name == "Ben Okafor");
        people.ShouldContain(p => p.Field == "author" && p.Id == c.Observer.Id && p.Name == "Olga Nowak");
        answers[$"/votes/{world.Vote}"]["electorate"]!.AsArray().Count.ShouldBe(2, "the member and the facilitator may vote");
    }

    /// <summary>Every person in the answer, having checked that nothing in it is named the old way and that every time reads as one.</summary>
    private static IEnumerable<(string Field, string? Id, string Name)> Walk(JsonNode? node, string where)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array.SelectMany((item, i) => Walk(item, $"{where}[{i}]")))
                {
                    yield return item;
                }

                break;

            case JsonObject obj:
                foreach (var (field, value) in obj)
                {
                    var at = $"{where}.{field}";
                    Retired.ShouldNotContain(field, $"{at} is named the old way");
                    if (IsPerson(field))
                    {
                        var person = value.ShouldBeOfType<JsonObject>($"{at} is a person: {{id, name}}");
                        person.Select(p => p.Key).ShouldBe(["id", "name"], $"{at} is a person: {{id, name}}");
                        var id = person["id"]?.GetValue<string>();
                        if (id is not null)
                        {
                            Guid.TryParse(id, out _).ShouldBeTrue($"{at}.id is a participant's id");
                        }

                        var name = person["name"]!.GetValue<string>();
                        name.ShouldNotBeNullOrWhiteSpace($"{at}.name");
                        yield return (field, id, name);
                    }
                    else if (Counts.Contains(field))
                    {
                        value!.GetValueKind().ShouldBe(JsonValueKind.Number, $"{at} is a count");
                    }
                    else if (field.EndsWith("At", StringComparison.Ordinal) && value is not null)
                    {
                        DateTimeOffset.TryParse(value.GetValue<string>(), out _).ShouldBeTrue($"{at} is a time");
                    }
                    else
                    {
                        foreach (var inner in Walk(value, at))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
        }
    }
}
