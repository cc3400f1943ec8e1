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
            var facilitator = await api.PersonAsync("Fatima Diallo");
            var agreement = await api.AgreementAsync(facilitator);
            var member = await api.MemberAsync(agreement, facilitator);
            var c = new Community(agreement, facilitator, member, member);
            (await api.RulesAsync(c)).ShouldBe(HttpStatusCode.OK);
            var proposal = await api.ProposalAsync(c, new { op = "remove", clauseId = await api.ClauseIdAsync(agreement, "2", Admin) });
            closesAt = DateTimeOffset.UtcNow.AddSeconds(4);
            vote = await api.CallVoteAsync(c, proposal, closesAt);
            (await api.BallotAsync(vote, member, "agree")).ShouldBe(HttpStatusCode.OK);

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
