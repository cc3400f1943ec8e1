using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using AgreementService.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace AgreementService.Tests.Resilience;

/// <summary>
/// The service is killed (SIGKILL) under a load of ballots and proposals, and started again: every request it had
/// answered 2xx is there exactly once, and every projection agrees with the event streams. The load lasts
/// AGREEMENTS_CRASH_SECONDS (default 3) and the kill is repeated AGREEMENTS_CRASH_ROUNDS times (default 1).
/// </summary>
[Trait("Category", TestKinds.Process)]
[Collection(AppCollection.Name)]
public sealed class CrashTests(AppFixture app, ITestOutputHelper output)
{
    private sealed record Acknowledged(string Kind, string StreamId, string Voter, string Choice, string At);

    [Fact]
    public async Task nothing_acknowledged_is_lost_or_doubled_by_a_kill_and_the_projections_agree()
    {
        var seconds = double.Parse(Environment.GetEnvironmentVariable("AGREEMENTS_CRASH_SECONDS") ?? "3", CultureInfo.InvariantCulture);
        var rounds = int.Parse(Environment.GetEnvironmentVariable("AGREEMENTS_CRASH_ROUNDS") ?? "1", CultureInfo.InvariantCulture);
        var connectionString = await app.NewDatabaseAsync("crash");
        var settings = ServiceProcess.LoadSettings(connectionString);

        Community c;
        List<Person> voters;
        List<string> votes = [];
        await using (var setup = ServiceProcess.Start(settings))
        {
            (await setup.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(setup.Output);
            var api = new Api(setup.Client);
            c = await api.CommunityAsync();
            voters = await api.MembersAsync(c, 12);
            (await api.RulesAsync(c)).ShouldBe(HttpStatusCode.OK);
            for (var i = 0; i < 3; i++)
            {
                votes.Add(await api.CallVoteAsync(c, await api.ProposalAsync(c, new { op = "add", text = $"Clause to vote on {i}." }), DateTimeOffset.UtcNow.AddHours(1)));
            }
        }

        var acknowledged = new ConcurrentBag<Acknowledged>();
        var attempted = 0;
        for (var round = 0; round < rounds; round++)
        {
            var service = ServiceProcess.Start(settings);
            (await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(service.Output);
            var api = new Api(service.Client);
            using var stop = new CancellationTokenSource();
            var load = Task.WhenAll(voters.Select(async (voter, i) =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    Interlocked.Increment(ref attempted);
                    try
                    {
                        if (n % 4 == 3)
                        {
                            var proposed = await api.ProposeAsync(c.AgreementId, voter, 1, new { op = "add", text = $"Proposed by {i} in round {round}, #{n}." });
                            if (proposed.Status == HttpStatusCode.Created)
                            {
                                acknowledged.Add(new Acknowledged("proposal", proposed["id"], voter.Id, "", proposed["submittedAt"]));
                            }
                        }
                        else
                        {
                            var vote = votes[(i + n) % votes.Count];
                            var choice = (i + n) % 3 == 0 ? "object" : "agree";
                            var cast = await api.BallotAsync(vote, voter, choice);
                            if (cast.Status == HttpStatusCode.OK)
                            {
                                acknowledged.Add(new Acknowledged("ballot", vote, voter.Id, choice, cast["castAt"]));
                            }
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        // In flight when the process died: not acknowledged, so it may or may not have been recorded.
                        // The service is gone: this voter stops.
                        return;
                    }
                }
            }));

            await Task.Delay(TimeSpan.FromSeconds(seconds));
            service.Kill();
            await stop.CancelAsync();
            await load;
            await service.DisposeAsync();
        }

        acknowledged.Count.ShouldBeGreaterThan(20, "the load got going before the kill");
        await using var restarted = ServiceProcess.Start(settings);
        (await restarted.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(restarted.Output);
        var after = new Api(restarted.Client);

        await using var connection = await ServiceDatabase.OpenAsync(connectionString);

        // Each acknowledged ballot is exactly one event, with its voter, choice and time (which the API gives to the millisecond).
        foreach (var ballot in acknowledged.Where(a => a.Kind == "ballot"))
        {
            var times = await ServiceDatabase.TextsAsync(connection,
                "select data ->> 'At' from agreements.mt_events where stream_id = @stream and type = 'ballot_cast' and data ->> 'VoterId' = @voter and data ->> 'Choice' = @choice",
                ("stream", Guid.Parse(ballot.StreamId)), ("voter", ballot.Voter), ("choice", Capitalised(ballot.Choice)));
            times.Count(t => Timestamps.ToTheMillisecond(DateTimeOffset.Parse(t, CultureInfo.InvariantCulture)) == DateTimeOffset.Parse(ballot.At, CultureInfo.InvariantCulture))
                .ShouldBe(1, $"ballot {ballot}");
        }

        // Each acknowledged proposal exists, submitted once, and is served.
        foreach (var proposal in acknowledged.Where(a => a.Kind == "proposal"))
        {
            (await ServiceDatabase.EventsAsync(connection, proposal.StreamId, "proposal_submitted")).ShouldBe(1L);
            (await after.GetAsync($"/proposals/{proposal.StreamId}", c.Member.Token)).Status.ShouldBe(HttpStatusCode.OK);
        }

        // Projections agree with the streams: every stream's version is its last event's; every snapshot is at its stream's version;
        // every agreement event has its activity entry and no entry lacks its event; each vote counts each voter's last ballot.
        (await ServiceDatabase.CountAsync(connection, "select count(*) from agreements.mt_streams s where s.version <> (select max(e.version) from agreements.mt_events e where e.stream_id = s.id)"))
            .ShouldBe(0L);
        foreach (var table in new[] { "mt_doc_vote", "mt_doc_proposal", "mt_doc_agreement", "mt_doc_participant", "mt_doc_comment" })
        {
            (await ServiceDatabase.CountAsync(connection, $"select count(*) from agreements.{table} d join agreements.mt_streams s on s.id = d.id where coalesce((d.data ->> 'Version')::int, -1) <> s.version"))
                .ShouldBe(0L, $"{table} snapshots lag their streams");
        }

        (await ServiceDatabase.CountAsync(connection, "select count(*) from agreements.mt_events e where e.data ? 'AgreementId' and not exists (select 1 from agreements.mt_doc_activityentry a where a.id = e.id)"))
            .ShouldBe(0L, "an agreement event without its activity entry");
        (await ServiceDatabase.CountAsync(connection, "select count(*) from agreements.mt_doc_activityentry a where not exists (select 1 from agreements.mt_events e where e.id = a.id)"))
            .ShouldBe(0L, "an activity entry without its event");
        foreach (var vote in votes)
        {
            var counted = (await after.GetAsync($"/votes/{vote}", Scenarios.Admin)).ShouldBe(HttpStatusCode.OK).Json["ballots"]!.AsArray()
                .ToDictionary(b => b!["voter"]!["id"]!.GetValue<string>(), b => b!["choice"]!.GetValue<string>());
            var last = await LastBallotsAsync(connection, vote);
            counted.OrderBy(b => b.Key).ShouldBe(last.OrderBy(b => b.Key), $"vote {vote} counts each voter's last ballot");
        }

        var (ballots, proposals) = (acknowledged.Count(a => a.Kind == "ballot"), acknowledged.Count(a => a.Kind == "proposal"));
        output.WriteLine($"Crash: {rounds} kill(s) after {seconds} s of load; {attempted} requests tried, {ballots} ballots and {proposals} proposals acknowledged, all found once.");
    }

    private static string Capitalised(string choice) => char.ToUpperInvariant(choice[0]) + choice[1..];

    private static async Task<Dictionary<string, string>> LastBallotsAsync(NpgsqlConnection connection, string vote)
    {
        await using var command = new NpgsqlCommand(
            "select distinct on (data ->> 'VoterId') data ->> 'VoterId', lower(data ->> 'Choice') from agreements.mt_events where stream_id = @vote and type = 'ballot_cast' order by data ->> 'VoterId', seq_id desc",
            connection);
        command.Parameters.AddWithValue("vote", Guid.Parse(vote));
        await using var reader = await command.ExecuteReaderAsync();
        var last = new Dictionary<string, string>();
        while (await reader.ReadAsync())
        {
            last[reader.GetString(0)] = reader.GetString(1);
        }

        return last;
    }
}
