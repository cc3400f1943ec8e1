using AgreementService.Votes;
using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Votes;

/// <summary>A vote's deadline is a durable scheduled message: it fires even when the service was down when it fell due.</summary>
[Trait("Category", TestKinds.Process)]
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
        var ended = await new Api(second.Client).EndedVoteAsync(vote);
        (ended.Status, ended.ClosedBecause, ended.Tally?.Outcome).ShouldBe((VoteStatus.Closed, ClosedBecause.Deadline, Outcome.Passed), second.Output);

        (await ServiceDatabase.UntilQuietAsync(connectionString, TimeSpan.FromSeconds(30))).ShouldBeTrue(second.Output);
        await using var connection = await ServiceDatabase.OpenAsync(connectionString);
        (await ServiceDatabase.EventsAsync(connection, vote, "vote_closed")).ShouldBe(1, "the vote closes exactly once");
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
            (await Poll.UntilAsync(() => !received.IsEmpty, TimeSpan.FromSeconds(60))).ShouldBeTrue("waited a minute for it");
            await first.StopAsync();
        }

        Volatile.Write(ref restarted, true);
        await using var second = ServiceProcess.Start(settings);
        (await second.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(second.Output);
        (await Poll.UntilAsync(() => received.Any(r => r.Accepted), TimeSpan.FromSeconds(60))).ShouldBeTrue("waited a minute for it");
        (await ServiceDatabase.UntilQuietAsync(settings["ConnectionStrings__Agreements"], TimeSpan.FromSeconds(30))).ShouldBeTrue(second.Output);

        received.Count(r => r.Accepted).ShouldBe(1, "delivered once");
        received.Select(r => r.Id).Distinct().Count().ShouldBe(1, "the retry after the restart carries the same event id");
    }
}
