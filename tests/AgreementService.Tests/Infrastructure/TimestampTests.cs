using System.Globalization;
using System.Net;
using AgreementService.Tests.Support;
using AgreementService.Votes;
using Marten;

namespace AgreementService.Tests.Infrastructure;

/// <summary>Every time the API writes is UTC to the millisecond with a Z; a time sent with any RFC 3339 offset is read.</summary>
public sealed class TimestampTests(AppFixture app) : IntegrationContext(app)
{
    [Fact]
    public async Task times_are_written_in_utc_to_the_millisecond_whatever_offset_they_were_sent_with()
    {
        var c = await Api.CommunityAsync();
        (await Api.RulesAsync(c)).ShouldBe(HttpStatusCode.OK);
        var proposal = await Api.ProposalAsync(c, new { op = "add", text = "We meet monthly." });
        (await Api.PostAsync($"/proposals/{proposal}/comments", c.Observer.Token, new { body = "Agreed." })).ShouldBe(HttpStatusCode.Created);
        (await Api.SendAsync(HttpMethod.Post, $"/proposals/{proposal}/votes", c.Facilitator.Token, rawBody: """{"closesAt": "next Tuesday"}"""))
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        var closesAt = DateTimeOffset.UtcNow.AddDays(2).ToOffset(TimeSpan.FromHours(2));
        var called = (await Api.SendAsync(HttpMethod.Post, $"/proposals/{proposal}/votes", c.Facilitator.Token,
            rawBody: $$"""{"closesAt": "{{closesAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture)}}"}""")).ShouldBe(HttpStatusCode.Created);
        var vote = called["id"];
        (await Api.BallotAsync(vote, c.Member, "agree")).ShouldBe(HttpStatusCode.OK);

        called["closesAt"].ShouldBe(Timestamps.ToTheMillisecond(closesAt).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), "the same instant, in UTC");
        string[] reads = [$"/votes/{vote}", $"/proposals/{proposal}", $"/proposals/{proposal}/comments", $"/agreements/{c.AgreementId}/activity",
            $"/agreements/{c.AgreementId}/versions", $"/participants/{c.Member.Id}/tokens", $"/agreements/{c.AgreementId}/members"];
        var times = new List<string>(Timestamps.In(called.Json));
        foreach (var read in reads)
        {
            times.AddRange(Timestamps.In((await Api.GetAsync(read, Scenarios.Admin)).ShouldBe(HttpStatusCode.OK).Json));
        }

        times.Count.ShouldBeGreaterThan(10);
        times.ShouldAllBe(t => System.Text.RegularExpressions.Regex.IsMatch(t, Timestamps.Utc));

        await using var session = App.Store.QuerySession();
        var stored = (await session.Events.FetchStreamAsync(Guid.Parse(vote))).Select(e => e.Data).OfType<VoteCalled>().Single();
        stored.ClosesAt.UtcTicks.ShouldBe(closesAt.UtcTicks, "the stored event keeps every tick");
    }
}
