using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using AgreementService.Tests.Support;
using Npgsql;

namespace AgreementService.Tests.Votes;

/// <summary>A vote's deadline is a durable scheduled message: it fires even when the service was down when it fell due.</summary>
[Collection(AppCollection.Name)]
public sealed class RestartTests(AppFixture app)
{
    private const string Admin = Scenarios.Admin;

    [Fact]
    public async Task a_vote_whose_deadline_passes_while_the_service_is_stopped_closes_once_when_it_starts_again()
    {
        var connectionString = await app.NewDatabaseAsync("restart");
        var settings = new Dictionary<string, string> { ["ConnectionStrings__Agreements"] = connectionString, ["Agreements__AdminToken"] = Admin };
        string vote;
        DateTimeOffset closesAt;
        await using (var first = ServiceProcess.Start(settings))
        {
            (await first.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(first.Output);
            var api = new Api(first.Client);
            var c = await api.CommunityAsync();
            (await api.RulesAsync(c)).ShouldBe(HttpStatusCode.OK);
            var proposal = await api.ProposalAsync(c, new { op = "remove", clauseId = await api.ClauseIdAsync(c.AgreementId, "2") });
            closesAt = DateTimeOffset.UtcNow.AddSeconds(4);
            vote = await api.CallVoteAsync(c, proposal, closesAt);
            (await api.BallotAsync(vote, c.Member, "agree")).ShouldBe(HttpStatusCode.OK);

            await first.StopAsync();
            first.ExitCode.ShouldBe(0, first.Output);
        }

        await Task.Delay(closesAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));

        await using var second = ServiceProcess.Start(settings);
        (await second.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(second.Output);
        var ended = await WaitForEndAsync(second.Client, vote);
        ended["status"]!.GetValue<string>().ShouldBe("closed", second.Output);
        ended["closedBecause"]!.GetValue<string>().ShouldBe("deadline");
        ended["tally"]!["outcome"]!.GetValue<string>().ShouldBe("passed");

        await Task.Delay(TimeSpan.FromSeconds(2));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from agreements.mt_events where stream_id = @id and type = 'vote_closed'", connection);
        count.Parameters.AddWithValue("id", Guid.Parse(vote));
        ((long)(await count.ExecuteScalarAsync())!).ShouldBe(1, "the vote closes exactly once");
    }

    [Fact]
    public async Task a_webhook_delivery_that_failed_before_a_restart_is_retried_after_it_with_the_same_event_id()
    {
        var settings = new Dictionary<string, string> { ["ConnectionStrings__Agreements"] = await app.NewDatabaseAsync("hookrestart"), ["Agreements__AdminToken"] = Admin };
        var restarted = false;
        var received = new System.Collections.Concurrent.ConcurrentQueue<(string Id, bool Accepted)>();
        await using var receiver = new LocalSite((request, _) =>
        {
            var accept = Volatile.Read(ref restarted);
            received.Enqueue((request.Headers["webhook-id"]!, accept));
            return accept ? (200, "text/plain", "") : (503, "text/plain", "down for maintenance");
        });

        await using (var first = ServiceProcess.Start(settings))
        {
            (await first.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(first.Output);
            var api = new Api(first.Client);
            var c = await api.CommunityAsync();
            (await api.PostAsync($"/agreements/{c.AgreementId}/webhooks", c.Facilitator.Token, new { url = receiver.Url })).ShouldBe(HttpStatusCode.Created);
            await api.RatifyAsync(c, new { op = "remove", clauseId = await api.ClauseIdAsync(c.AgreementId, "2") });
            await WaitAsync(() => !received.IsEmpty);
            await first.StopAsync();
        }

        Volatile.Write(ref restarted, true);
        await using var second = ServiceProcess.Start(settings);
        (await second.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(second.Output);
        await WaitAsync(() => received.Any(r => r.Accepted));
        await Task.Delay(TimeSpan.FromSeconds(2));

        received.Count(r => r.Accepted).ShouldBe(1, "delivered once");
        received.Select(r => r.Id).Distinct().Count().ShouldBe(1, "the retry after the restart carries the same event id");
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        condition().ShouldBeTrue("waited a minute for it");
    }

    private static async Task<JsonNode> WaitForEndAsync(HttpClient client, string vote)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/votes/{vote}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Admin);
            var json = JsonNode.Parse(await (await client.SendAsync(request)).Content.ReadAsStringAsync())!;
            if (json["status"]!.GetValue<string>() != "open" || DateTime.UtcNow > deadline)
            {
                return json;
            }

            await Task.Delay(250);
        }
    }
}
