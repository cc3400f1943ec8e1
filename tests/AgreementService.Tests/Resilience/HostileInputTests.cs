using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgreementService.Infrastructure;
using AgreementService.Tests.Identity;
using AgreementService.Tests.Support;
using Xunit.Abstractions;

namespace AgreementService.Tests.Resilience;

/// <summary>
/// Every operation of the committed openapi/ document (the authorization matrix's routes, which a test holds to the document),
/// sent hostile bodies, hostile ids and every caller's token: no answer is a 5xx, every 4xx is problem+json, and a
/// refused request leaves the database as it was.
/// </summary>
public sealed class HostileInputTests(AppFixture app, ITestOutputHelper output) : IntegrationContext(app)
{
    public const string Script = "<script>alert('x')</script>";
    public const string Bidi = "\u202Etxt.exe\u202C \u2066isolated\u2069";
    public const string Control = "bell\u0007 nul\u0000 escape\u001B";

    /// <summary>Not characters at all, which XML (the Word and Akoma Ntoso exports) cannot hold.</summary>
    public const string Noncharacters = "not a character \uFFFF nor \uFFFE";

    /// <summary>Whole bodies that are not the JSON an operation takes.</summary>
    private static readonly (string Name, string Body, string ContentType)[] BrokenBodies =
    [
        ("truncated JSON", "{\"title\": \"x\"", "application/json"),
        ("not JSON", "title=x&body=y", "application/json"),
        ("JSON null", "null", "application/json"),
        ("a number", "42", "application/json"),
        ("a string", "\"text\"", "application/json"),
        ("an array", "[1, 2, 3]", "application/json"),
        ("duplicate keys", "{\"a\": 1, \"a\": 2}", "application/json"),
        ("deep arrays", new string('[', 5_000) + new string(']', 5_000), "application/json"),
        ("deep objects", string.Concat(Enumerable.Repeat("{\"x\":", 2_000)) + "1" + new string('}', 2_000), "application/json"),
        ("lone surrogate", "{\"text\": \"\\uD800\"}", "application/json"),
        ("form content", "title=x", "application/x-www-form-urlencoded"),
        ("plain text", "{}", "text/plain"),
        ("over a MiB", "{\"text\": \"" + new string('a', 1_100_000) + "\"}", "application/json"),
    ];

    /// <summary>What stands in for an id: another agreement's thing, nothing, or not an id at all.</summary>
    private static readonly string[] HostileIds =
        [Guid.Empty.ToString(), Guid.NewGuid().ToString(), "not-an-id", "0", "-1", new string('9', 400), "%01", "%E2%80%AE", "..%2F..%2Fetc%2Fpasswd", "%3Cscript%3E"];

    private readonly List<string> _accepted = [];
    private int _tried;
    private readonly Dictionary<int, int> _byStatus = [];

    [Fact]
    public async Task no_hostile_request_gets_a_5xx_or_writes_anything_when_refused()
    {
        var world = await World.BuildAsync(Api);
        var other = await World.BuildAsync(Api);

        foreach (var route in AuthorizationMatrixTests.Routes)
        {
            // Bodies: broken ones, and the route's own body with each field made hostile, from the strongest callers.
            if (route.Body is not null)
            {
                foreach (var caller in new[] { Caller.Facilitator, Caller.Member, Caller.Administrator })
                {
                    foreach (var (name, body, contentType) in BrokenBodies)
                    {
                        var response = await TryAsync(route, $"{name} as {caller}", () =>
                            Api.SendAsync(new HttpMethod(route.Method), world.Fill(route.Path), world.Token(caller), rawBody: body, contentType: contentType));
                        ((int)response.Status).ShouldBeInRange(400, 499, $"{route.Method} {route.Path} accepted {name}: {response.Body}");
                    }

                    if (route.Body?.Invoke(world) is { } valid)
                    {
                        foreach (var (name, body) in HostileVariants(JsonSerializer.SerializeToNode(valid, JsonSerializerOptions.Web)!))
                        {
                            await TryAsync(route, $"{name} as {caller}", () =>
                                Api.SendAsync(new HttpMethod(route.Method), world.Fill(route.Path), world.Token(caller), rawBody: body));
                        }
                    }
                }
            }

            // Ids: each thing the path names replaced by another agreement's, by nothing, or by garbage; every caller.
            foreach (var caller in Enum.GetValues<Caller>())
            {
                var body = route.Body?.Invoke(world);
                foreach (var path in HostilePaths(route.Path, world, other))
                {
                    await TryAsync(route, $"{path} as {caller}", () => Api.SendAsync(new HttpMethod(route.Method), path, world.Token(caller), body));
                }
            }
        }

        output.WriteLine($"{_tried} hostile requests; answers: {string.Join(", ", _byStatus.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}"))}");
        _tried.ShouldBeGreaterThan(3_000);
        foreach (var accepted in _accepted)
        {
            output.WriteLine(accepted);
        }

        // Scripts, bidi marks and odd words are text a person may write (they are escaped wherever they are shown);
        // control characters, oversized text and values of the wrong type never get in.
        _accepted.ShouldNotContain(a => a.Contains("control characters") || a.Contains("noncharacters") || a.Contains("a huge string") || a.Contains("of the wrong type"));

    }

    /// <summary>Sends one request; checks the answer; when it was refused, checks that nothing was written.</summary>
    private async Task<Response> TryAsync(AuthorizationMatrixTests.Route route, string what, Func<Task<Response>> send)
    {
        var before = await FingerprintAsync();
        var response = await send();
        _tried++;
        var status = (int)response.Status;
        _byStatus[status] = _byStatus.GetValueOrDefault(status) + 1;
        if (status < 300)
        {
            _accepted.Add($"{status} {route.Method} {route.Path} with {Shorten(what)}");
        }

        status.ShouldBeLessThan(500, $"{route.Method} {route.Path} with {Shorten(what)}: {Shorten(response.Body)}");
        if (status >= 400)
        {
            // Pages a person opens from an email may refuse with a page saying what to do next, in HTML.
            var page = route.Path is "/sign-in/{link}" or "/unsubscribe/{unsubscribe}" && response.MediaType == "text/html";
            if (!page && route.Method != "HEAD") // a HEAD answer has no body to check
            {
                response.MediaType.ShouldBe(Problems.ContentType, $"{route.Method} {route.Path} with {Shorten(what)}: {Shorten(response.Body)}");
                // Whoever refused it (Wolverine reading the body, validation, ASP.NET Core, a use case): one type scheme, plain words.
                var problem = response.Json;
                problem["type"]!.GetValue<string>().ShouldBe(Response.ProblemType(response.Status), $"{route.Method} {route.Path} with {Shorten(what)}");
                Response.ShouldBePlainWords(problem);
            }

            (await FingerprintAsync()).ShouldBe(before, $"{route.Method} {route.Path} with {Shorten(what)} was refused ({status}) but wrote something");
        }

        return response;
    }

    /// <summary>The route's valid body with one field at a time made hostile, plus an unknown field.</summary>
    public static IEnumerable<(string Name, string Body)> HostileVariants(JsonNode valid)
    {
        yield return ("an unknown field", With(valid, o => o["unexpected"] = "field"));
        if (valid is not JsonObject fields)
        {
            yield break;
        }

        foreach (var (field, value) in fields.ToList())
        {
            yield return ($"'{field}' missing", With(valid, o => o.Remove(field)));
            yield return ($"'{field}' null", With(valid, o => o[field] = null));
            yield return ($"'{field}' of the wrong type", With(valid, o => o[field] = WrongType(value)));
            foreach (var (name, text) in HostileStrings())
            {
                yield return ($"'{field}' as {name}", With(valid, o => o[field] = text));
            }

            // One level down: the first element of an array of objects (a proposal's changes, an agreement's clauses).
            if (value is JsonArray { Count: > 0 } array && array[0] is JsonObject element)
            {
                foreach (var (inner, innerValue) in element.ToList())
                {
                    yield return ($"'{field}[0].{inner}' of the wrong type", With(valid, o => o[field]![0]![inner] = WrongType(innerValue)));
                    yield return ($"'{field}[0].{inner}' missing", With(valid, o => o[field]![0]!.AsObject().Remove(inner)));
                    foreach (var (name, text) in HostileStrings())
                    {
                        yield return ($"'{field}[0].{inner}' as {name}", With(valid, o => o[field]![0]![inner] = text));
                    }
                }
            }
        }
    }

    private static IEnumerable<(string Name, string Text)> HostileStrings() =>
    [
        ("a script tag", Script), ("bidi controls", Bidi), ("control characters", Control), ("noncharacters", Noncharacters), ("an unknown enum value", "no-such-value"),
        ("an empty string", ""), ("whitespace", " \t\n "), ("a huge string", new string('x', 200_000)), ("a long id", new string('9', 400)),
    ];

    private static JsonNode? WrongType(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.String => JsonValue.Create(12345),
        JsonValueKind.Number => JsonValue.Create("twelve"),
        JsonValueKind.True or JsonValueKind.False => JsonValue.Create("yes"),
        JsonValueKind.Array => new JsonObject { ["not"] = "an array" },
        JsonValueKind.Object => new JsonArray(1, 2),
        _ => JsonValue.Create(true),
    };

    private static string With(JsonNode valid, Action<JsonObject> change)
    {
        var copy = valid.DeepClone();
        if (copy is JsonObject o)
        {
            change(o);
        }

        return copy.ToJsonString();
    }

    /// <summary>The route's path with each id it names, in turn, replaced by another agreement's, or by a hostile one.</summary>
    private static IEnumerable<string> HostilePaths(string template, World world, World other)
    {
        var names = template.Split('/').Where(s => s.StartsWith('{')).ToList();
        if (names.Count == 0)
        {
            yield break;
        }

        yield return other.Fill(template);
        foreach (var name in names)
        {
            yield return world.Fill(template.Replace(name, other.Fill(name), StringComparison.Ordinal));
            foreach (var id in HostileIds)
            {
                yield return world.Fill(template.Replace(name, id, StringComparison.Ordinal));
            }
        }
    }

    /// <summary>Every event and every document (but the webhook delivery log, written in the background): count and last change.</summary>
    private async Task<string> FingerprintAsync()
    {
        await using var session = App.Store.QuerySession();
        _fingerprint ??= await FingerprintSqlAsync(session);
        return string.Join(';', await session.QueryAsync<string>(_fingerprint));
    }

    private string? _fingerprint;

    private static async Task<string> FingerprintSqlAsync(Marten.IQuerySession session)
    {
        // Left out: what background handlers write after earlier, accepted requests — webhook deliveries, emails sent,
        // digest entries, the unsubscribe key — which may land while a refused request is answered.
        var tables = await session.QueryAsync<string>(
            "select table_name from information_schema.tables where table_schema = ? and table_name like 'mt_doc_%' " +
            "and table_name not in ('mt_doc_webhookdelivery', 'mt_doc_sentemail', 'mt_doc_digestentry', 'mt_doc_unsubscribekey') order by 1",
            CritterStack.Schema);
        var parts = tables.Select(t => $"(select count(*) || '@' || coalesce(max(mt_last_modified)::text, '') from {CritterStack.Schema}.{t})")
            .Prepend($"(select count(*) || '@' || coalesce(max(seq_id), 0) from {CritterStack.Schema}.mt_events)");
        return $"select concat_ws(';', {string.Join(", ", parts)})";
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
