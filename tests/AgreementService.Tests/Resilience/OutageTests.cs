using AgreementService.Votes;
using AgreementService.LocalDatabase;
using System.Diagnostics;
using System.Net;
using AgreementService.Infrastructure;
using AgreementService.Tests.Support;
using Xunit.Abstractions;

namespace AgreementService.Tests.Resilience;

/// <summary>
/// PostgreSQL stops under load and starts again: the service says it is unready and answers 503 meanwhile (quickly,
/// never a 500), becomes ready again by itself, loses nothing it acknowledged, and closes a vote whose deadline fell
/// in the outage once.
/// </summary>
[Trait("Category", TestKinds.Process)]
[Collection(AppCollection.Name)]
public sealed class OutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task the_service_rides_out_a_database_outage()
    {
        var binaries = LocalPostgres.FindBinaries().ShouldNotBeNull("the outage test stops and starts a PostgreSQL of its own");
        // Durable like the service's own (fsync and synchronous commits on): the test clusters' unsynchronised commits
        // would lose the last acknowledged ballots in an immediate shutdown, and that is the database's doing, not the service's.
        var folder = Path.Combine(TestDatabase.ThrowawayRoot, $"{Environment.ProcessId}-outage-{Guid.NewGuid():N}");
        try
        {
            await using var database = await LocalPostgres.StartAsync(binaries, folder, throwaway: false);
            await RideOutAsync(database);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private async Task RideOutAsync(LocalPostgres database)
    {
        await using var service = ServiceProcess.Start(ServiceProcess.LoadSettings(database.ConnectionString));
        (await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(service.Output);
        var api = new Api(service.Client);
        var c = await api.CommunityAsync();
        var voters = await api.MembersAsync(c, 6);
        (await api.RulesAsync(c)).ShouldBe(HttpStatusCode.OK);
        var proposal = await api.ProposalAsync(c, new { op = "remove", clauseId = await api.ClauseIdAsync(c.AgreementId, "2") });
        var closesAt = DateTimeOffset.UtcNow.AddSeconds(12);
        var vote = await api.CallVoteAsync(c, proposal, closesAt);

        // Ballots keep coming while the database goes away and comes back; every answer is kept.
        var answers = new System.Collections.Concurrent.ConcurrentBag<(Person Voter, string Choice, HttpStatusCode Status, string? MediaType, TimeSpan Took)>();
        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll(voters.Select(async (voter, i) =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var choice = (i + n) % 3 == 0 ? "object" : "agree";
                var watch = Stopwatch.StartNew();
                var response = await api.BallotAsync(vote, voter, choice);
                answers.Add((voter, choice, response.Status, response.MediaType, watch.Elapsed));
                await Task.Delay(50);
            }
        }));

        await Task.Delay(TimeSpan.FromSeconds(1));
        await database.StopAsync(immediately: true);
        var unready = await WaitForAsync(api, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(20));
        unready.Status.ShouldBe(HttpStatusCode.ServiceUnavailable, "/health/ready says the database is away");
        var refused = await api.BallotAsync(vote, voters[0], "agree");
        refused.ShouldBeProblem(HttpStatusCode.ServiceUnavailable);
        refused.Headers.RetryAfter.ShouldNotBeNull();
        (await api.GetAsync($"/agreements/{c.AgreementId}", c.Member.Token)).ShouldBeProblem(HttpStatusCode.ServiceUnavailable);

        // The deadline falls during the outage.
        await Task.Delay(closesAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));
        await database.RestartAsync();
        (await WaitForAsync(api, HttpStatusCode.OK, TimeSpan.FromSeconds(60))).Status.ShouldBe(HttpStatusCode.OK, service.Output);
        service.HasExited.ShouldBeFalse("the service recovered without a restart");
        await stop.CancelAsync();
        await load;

        answers.ShouldAllBe(a => (int)a.Status < 500 || a.Status == HttpStatusCode.ServiceUnavailable, "no 500s, only 503s while the database was away");
        answers.Where(a => (int)a.Status >= 400).ShouldAllBe(a => a.MediaType == Problems.ContentType);
        answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ShouldNotBeEmpty();
        answers.Max(a => a.Took).ShouldBeLessThan(TimeSpan.FromSeconds(10), "no request hangs while the database is away");

        var ended = await api.EndedVoteAsync(vote, TimeSpan.FromSeconds(60));
        (ended.Status, ended.ClosedBecause).ShouldBe((VoteStatus.Closed, ClosedBecause.Deadline), service.Output);

        await using var connection = await ServiceDatabase.OpenAsync(database.ConnectionString);
        (await ServiceDatabase.EventsAsync(connection, vote, "vote_closed")).ShouldBe(1);

        // Each voter's last acknowledged ballot before the deadline is the one the vote counted.
        var ballots = ended.Ballots.ToDictionary(b => b.Voter.Id.ToString()!, b => b.Choice.ToString().ToLowerInvariant());
        var acknowledged = answers.Count(a => a.Status == HttpStatusCode.OK);
        (await ServiceDatabase.EventsAsync(connection, vote, "ballot_cast"))
            .ShouldBeGreaterThanOrEqualTo(acknowledged, "every acknowledged ballot is in the event store");
        ballots.Keys.ShouldBe(answers.Where(a => a.Status == HttpStatusCode.OK).Select(a => a.Voter.Id).Distinct(), ignoreOrder: true);
        output.WriteLine($"Outage: {answers.Count} ballots tried, {acknowledged} acknowledged and all recorded, " +
            $"{answers.Count(a => a.Status == HttpStatusCode.ServiceUnavailable)} answered 503 while the database was away, " +
            $"{answers.Count(a => a.Status == HttpStatusCode.Conflict)} 409 after the deadline; slowest answer {answers.Max(a => a.Took).TotalMilliseconds:0} ms; the vote closed once.");
    }

    private static async Task<Response> WaitForAsync(Api api, HttpStatusCode status, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var response = await api.GetAsync("/health/ready");
            if (response.Status == status || DateTime.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(200);
        }
    }
}
