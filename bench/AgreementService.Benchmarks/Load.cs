using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>
/// Load and latency measurements against a running service, for bench/run:
///   seed BASE ADMIN STATE               30 organisations, 120 participants, a 60-clause public agreement with 20 ratified versions
///   ballots BASE ADMIN STATE N SECONDS  N concurrent voters casting and changing ballots on open votes
///   diffs BASE ADMIN CLAUSES VERSIONS   latency of diffs and a clause history on an agreement of that size and history
/// Each prints one line of JSON with its figures.
/// </summary>
public static class Load
{
    public static readonly string[] Commands = ["seed", "ballots", "diffs"];

    private sealed record Seeded(string Slug, string AgreementId, string Facilitator, string FacilitatorId, List<string> Voters, string Member);

    public static async Task<int> RunAsync(string[] args)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(args[1]), Timeout = TimeSpan.FromSeconds(60) };
        var admin = args[2];
        switch (args[0])
        {
            case "seed":
                await File.WriteAllTextAsync(args[3], JsonSerializer.Serialize(await SeedAsync(http, admin)));
                Console.WriteLine(JsonSerializer.Serialize(new { seeded = true }));
                return 0;
            case "ballots":
                var state = JsonSerializer.Deserialize<Seeded>(await File.ReadAllTextAsync(args[3]))!;
                Console.WriteLine(JsonSerializer.Serialize(await BallotsAsync(http, admin, state, int.Parse(args[4], CultureInfo.InvariantCulture),
                    TimeSpan.FromSeconds(double.Parse(args[5], CultureInfo.InvariantCulture)))));
                return 0;
            default:
                Console.WriteLine(JsonSerializer.Serialize(await DiffsAsync(http, admin, int.Parse(args[3], CultureInfo.InvariantCulture),
                    int.Parse(args[4], CultureInfo.InvariantCulture))));
                return 0;
        }
    }

    private static async Task<Seeded> SeedAsync(HttpClient http, string admin)
    {
        var organisations = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            organisations.Add((await SendAsync(http, HttpMethod.Post, "/organisations", admin, new { name = $"Organisation {i + 1}" }))["id"]!.GetValue<string>());
        }

        var people = new List<(string Id, string Token)>();
        for (var i = 0; i < 120; i++)
        {
            var id = (await SendAsync(http, HttpMethod.Post, "/participants", admin,
                new { name = $"Participant {i + 1}", email = $"p{i + 1}@bench.example", organisationId = organisations[i % 30] }))["id"]!.GetValue<string>();
            people.Add((id, (await SendAsync(http, HttpMethod.Post, $"/participants/{id}/tokens", admin, null))["token"]!.GetValue<string>()));
        }

        var slug = "bench-community";
        var agreement = await AgreementAsync(http, admin, slug, people[0].Id, 60);
        foreach (var (id, _) in people.Skip(1))
        {
            await SendAsync(http, HttpMethod.Put, $"/agreements/{agreement}/members/{id}", people[0].Token, new { role = "member" });
        }

        await RulesAsync(http, agreement, people[0].Token);
        for (var v = 1; v <= 20; v++)
        {
            await RatifyAsync(http, agreement, people[0].Token, people[1].Token, v);
        }

        return new Seeded(slug, agreement, people[0].Token, people[0].Id, [.. people.Skip(1).Select(p => p.Token)], people[1].Token);
    }

    private static async Task<object> BallotsAsync(HttpClient http, string admin, Seeded state, int concurrency, TimeSpan duration)
    {
        // A few open votes, so that voters spread over them as they would over a community's open proposals.
        var votes = new List<string>();
        var clauses = (await SendAsync(http, HttpMethod.Get, $"/agreements/{state.AgreementId}", admin, null))["clauses"]!.AsArray();
        for (var i = 0; i < 4; i++)
        {
            var proposal = (await SendAsync(http, HttpMethod.Post, $"/agreements/{state.AgreementId}/proposals", state.Member, new
            {
                title = $"Load {Guid.NewGuid():N}", rationale = "Benchmark", baseVersion = (await CurrentVersionAsync(http, state.AgreementId, admin)),
                changes = new[] { new { op = "amend", clauseId = clauses[i]!["id"]!.GetValue<string>(), text = $"Load text {Guid.NewGuid():N}" } },
            }))["id"]!.GetValue<string>();
            votes.Add((await SendAsync(http, HttpMethod.Post, $"/proposals/{proposal}/votes", state.Facilitator,
                new { closesAt = DateTimeOffset.UtcNow.AddHours(1) }))["id"]!.GetValue<string>());
        }

        var latencies = new List<double>[concurrency];
        var errors = 0;
        var stop = Stopwatch.StartNew();
        string[] choices = ["agree", "abstain", "object", "agree"];
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            latencies[worker] = [];
            for (var n = 0; stop.Elapsed < duration; n++)
            {
                var voter = state.Voters[(worker + n * concurrency) % state.Voters.Count];
                using var request = new HttpRequestMessage(HttpMethod.Put, $"/votes/{votes[(worker + n) % votes.Count]}/ballot")
                {
                    Content = JsonContent.Create(new { choice = choices[n % choices.Length] }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", voter);
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                latencies[worker].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToList();
        foreach (var vote in votes)
        {
            await SendAsync(http, HttpMethod.Post, $"/votes/{vote}/cancel", state.Facilitator, new { reason = "Benchmark over." });
        }

        return new { concurrency, ballots = all.Count, seconds = stop.Elapsed.TotalSeconds, perSecond = all.Count / stop.Elapsed.TotalSeconds,
            p50 = Percentile(all, 0.5), p99 = Percentile(all, 0.99), errors };
    }

    private static async Task<object> DiffsAsync(HttpClient http, string admin, int clauses, int versions)
    {
        var person = (await SendAsync(http, HttpMethod.Post, "/participants", admin, new { name = "Diff", email = $"{Guid.NewGuid():N}@bench.example" }))["id"]!.GetValue<string>();
        var token = (await SendAsync(http, HttpMethod.Post, $"/participants/{person}/tokens", admin, null))["token"]!.GetValue<string>();
        var agreement = await AgreementAsync(http, admin, $"diff-{clauses}-{Guid.NewGuid():N}", person, clauses);
        await RulesAsync(http, agreement, token);
        var sw = Stopwatch.StartNew();
        for (var v = 1; v < versions; v++)
        {
            await RatifyAsync(http, agreement, token, token, v);
        }

        var seeding = sw.Elapsed.TotalSeconds;
        var clause = (await SendAsync(http, HttpMethod.Get, $"/agreements/{agreement}", token, null))["clauses"]![0]!["clauses"]![0]!["id"]!.GetValue<string>();
        return new
        {
            clauses, versions, seedingSeconds = seeding,
            diffAll = await LatencyAsync(http, token, $"/agreements/{agreement}/diff?from=1&to={versions}"),
            diffLast = await LatencyAsync(http, token, $"/agreements/{agreement}/diff?from={versions - 1}&to={versions}"),
            history = await LatencyAsync(http, token, $"/agreements/{agreement}/clauses/{clause}/history"),
        };
    }

    /// <summary>Median and p99 of 30 sequential requests after 3 to warm up, in milliseconds.</summary>
    private static async Task<object> LatencyAsync(HttpClient http, string token, string url)
    {
        var times = new List<double>();
        for (var i = 0; i < 33; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
            if (i >= 3)
            {
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        times.Sort();
        return new { median = Percentile(times, 0.5), p99 = Percentile(times, 0.99) };
    }

    /// <summary>A public agreement of sections of nine clauses (and a third level where the count needs it).</summary>
    private static async Task<string> AgreementAsync(HttpClient http, string admin, string slug, string facilitator, int count)
    {
        var sections = new List<object>();
        for (var made = 0; made < count;)
        {
            var children = Math.Min(9, count - made - 1);
            sections.Add(new { heading = $"Section {sections.Count + 1}", text = $"Section {sections.Count + 1} sets out how members work together on this matter.",
                clauses = Enumerable.Range(1, children).Select(c => new { text = $"Clause {c} of section {sections.Count + 1}: members consult one another before they act, and record what they decided and why." }).ToArray() });
            made += 1 + children;
        }

        return (await SendAsync(http, HttpMethod.Post, "/agreements", admin, new { slug, title = "Bench Agreement", visibility = "public", clauses = sections, facilitatorId = facilitator }))
            ["id"]!.GetValue<string>();
    }

    private static Task<JsonNode> RulesAsync(HttpClient http, string agreement, string facilitator) =>
        SendAsync(http, HttpMethod.Put, $"/agreements/{agreement}/decision-rules", facilitator, new
        {
            method = "consent", threshold = 0.6667, quorum = 0, votingUnit = "participant", blocksToFail = 1, minDiscussionHours = 0, defaultVotingHours = 1,
            closeWhenAllVoted = false,
        });

    /// <summary>One ratified amendment of a clause of the current text (which clause rotates), by proposal, vote and close.</summary>
    private static async Task RatifyAsync(HttpClient http, string agreement, string facilitator, string member, int round)
    {
        var text = await SendAsync(http, HttpMethod.Get, $"/agreements/{agreement}", facilitator, null);
        var sections = text["clauses"]!.AsArray();
        var section = sections[round % sections.Count]!;
        var target = section["clauses"]!.AsArray() is { Count: > 0 } subs ? subs[round % subs.Count]! : section;
        var proposal = (await SendAsync(http, HttpMethod.Post, $"/agreements/{agreement}/proposals", member, new
        {
            title = $"Amendment {round}", rationale = "Benchmark history", baseVersion = text["version"]!.GetValue<int>(),
            changes = new[] { new { op = "amend", clauseId = target["id"]!.GetValue<string>(), text = $"{target["text"]!.GetValue<string>()} Amended in round {round}." } },
        }))["id"]!.GetValue<string>();
        var vote = (await SendAsync(http, HttpMethod.Post, $"/proposals/{proposal}/votes", facilitator, new { closesAt = DateTimeOffset.UtcNow.AddHours(1) }))["id"]!.GetValue<string>();
        await SendAsync(http, HttpMethod.Put, $"/votes/{vote}/ballot", member, new { choice = "agree" });
        await SendAsync(http, HttpMethod.Post, $"/votes/{vote}/close", facilitator, null);
    }

    private static async Task<int> CurrentVersionAsync(HttpClient http, string agreement, string token) =>
        (await SendAsync(http, HttpMethod.Get, $"/agreements/{agreement}", token, null))["version"]!.GetValue<int>();

    private static async Task<JsonNode> SendAsync(HttpClient http, HttpMethod method, string url, string token, object? body)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {url} → {(int)response.StatusCode} {text}");
        }

        return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
    }

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)], 2);
}
