using AgreementService.Votes;
using System.Collections.Concurrent;
using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Resilience;

/// <summary>
/// Two instances of the service on one database, as a second node would run: ballots through both are each counted
/// once, the vote's scheduled close happens once, and the webhook for the version it ratifies is delivered once.
/// </summary>
[Trait("Category", TestKinds.Process)]
[Collection(AppCollection.Name)]
public sealed class TwoInstanceTests(AppFixture app)
{
    [Fact]
    public async Task two_nodes_close_a_vote_once_count_every_ballot_once_and_deliver_each_event_once()
    {
        var connectionString = await app.NewDatabaseAsync("twonodes");
        var settings = ServiceProcess.LoadSettings(connectionString);
        var deliveries = new ConcurrentQueue<string>();
        await using var partner = new LocalSite((request, _) =>
        {
            deliveries.Enqueue(request.Headers["webhook-id"]!);
            return (200, "text/plain", "");
        });

        await using var first = ServiceProcess.Start(settings);
        (await first.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(first.Output);
        await using var second = ServiceProcess.Start(settings);
        (await second.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue(second.Output);
        Api[] nodes = [new(first.Client), new(second.Client)];

        var c = await nodes[0].CommunityAsync();
        var voters = await nodes[1].MembersAsync(c, 24);
        (await nodes[0].RulesAsync(c, method: "supermajority", quorum: 0.5, threshold: 0.5)).ShouldBe(HttpStatusCode.OK);
        (await nodes[1].PostAsync($"/agreements/{c.AgreementId}/webhooks", c.Facilitator.Token, new { url = partner.Url })).ShouldBe(HttpStatusCode.Created);
        var proposal = await nodes[0].ProposalAsync(c, new { op = "remove", clauseId = await nodes[0].ClauseIdAsync(c.AgreementId, "2") });
        var vote = await nodes[1].CallVoteAsync(c, proposal, DateTimeOffset.UtcNow.AddSeconds(8));

        // Every voter votes twice at once, through both nodes; then agrees, through one.
        var answers = await Task.WhenAll(voters.SelectMany((voter, i) => new[] { (Voter: voter, Node: i, Choice: "object"), (Voter: voter, Node: i + 1, Choice: "agree") })
            .Select(async x => (await nodes[x.Node % 2].BallotAsync(vote, x.Voter, x.Choice)).Status));
        answers.ShouldAllBe(s => s == HttpStatusCode.OK);
        foreach (var voter in voters)
        {
            (await nodes[voters.IndexOf(voter) % 2].BallotAsync(vote, voter, "agree")).ShouldBe(HttpStatusCode.OK);
        }

        var ended = await nodes[1].EndedVoteAsync(vote, TimeSpan.FromSeconds(60));
        (ended.Status, ended.Tally?.Outcome).ShouldBe((VoteStatus.Closed, Outcome.Passed), first.Output + second.Output);
        ended.Ballots.Count.ShouldBe(voters.Count, "each voter's ballot counted once");
        ended.Ballots.ShouldAllBe(b => b.Choice == Choice.Agree);

        await using var connection = await ServiceDatabase.OpenAsync(connectionString);
        (await ServiceDatabase.EventsAsync(connection, vote, "vote_closed")).ShouldBe(1, "the vote closed once");
        (await ServiceDatabase.EventsAsync(connection, vote, "ballot_cast")).ShouldBe(voters.Count * 3, "every acknowledged ballot recorded once");

        await Poll.UntilAsync(() => !deliveries.IsEmpty, TimeSpan.FromSeconds(30));
        (await ServiceDatabase.UntilQuietAsync(connectionString, TimeSpan.FromSeconds(30))).ShouldBeTrue("both nodes settled");
        deliveries.Count.ShouldBe(1, "the version's webhook went out once, from one node");
    }
}
