using System.Net;
using AgreementService.Notifications;
using AgreementService.Tests.Support;
using Marten;
using MimeKit;
using Wolverine;

namespace AgreementService.Tests.Notifications;

/// <summary>Emails from recorded events, to the right people only (never who acted), through a real SMTP server; settings, reminders, digest, unsubscribe.</summary>
public sealed class NotificationTests(AppFixture app) : IntegrationContext(app)
{
    /// <summary>Waits until every email and notification the service has to handle now is handled (not a fixed sleep).</summary>
    private async Task SettledAsync() =>
        (await ServiceDatabase.UntilQuietAsync(App.ConnectionString, TimeSpan.FromSeconds(30))).ShouldBeTrue("the service settled");

    private async Task<string> EmailOf(Person person) => (await Api.GetAsync($"/participants/{person.Id}", Scenarios.Admin)).ShouldBe(HttpStatusCode.OK)["email"];

    private async Task<IReadOnlyList<MimeMessage>> WaitForAsync(Person person, string subjectStart, int count = 1)
    {
        var address = await EmailOf(person);
        await Poll.UntilAsync(() => About(address, subjectStart).Count >= count, TimeSpan.FromSeconds(30));
        return About(address, subjectStart);
    }

    private async Task<IReadOnlyList<MimeMessage>> ReceivedAsync(Person person, string subjectStart) => About(await EmailOf(person), subjectStart);

    private IReadOnlyList<MimeMessage> About(string address, string subjectStart) =>
        [.. App.Smtp.To(address).Where(m => m.Subject?.StartsWith(subjectStart, StringComparison.Ordinal) == true)];

    private Task<Response> SettingsAsync(Person person, string level, string timeZone = "UTC", object[]? agreements = null) =>
        Api.SendAsync(HttpMethod.Put, "/me/notifications", person.Token, new { level, timeZone, language = "en", agreements = agreements ?? [] });

    private async Task<string> ProposeAsync(Community c, Person author, string title) =>
        (await Api.PostAsync($"/agreements/{c.AgreementId}/proposals", author.Token,
            new { title, rationale = "Because.", baseVersion = 1, changes = new[] { new { op = "add", text = $"{title}." } } })).ShouldBe(HttpStatusCode.Created)["id"];

    /// <summary>An open vote of the community and two voters besides its member: the first has voted, the second (and the member) not.</summary>
    private async Task<(Community C, List<Person> Voters, string Vote)> OpenVoteOneVoterVotedInAsync()
    {
        var c = await Api.CommunityAsync();
        (await Api.RulesAsync(c)).ShouldBe(HttpStatusCode.OK);
        var voters = await Api.MembersAsync(c, 2);
        var vote = await Api.CallVoteAsync(c, await Api.ProposalAsync(c, new { op = "add", text = "A new clause." }));
        (await Api.BallotAsync(vote, voters[0], "agree")).ShouldBe(HttpStatusCode.OK);
        return (c, voters, vote);
    }

    [Fact]
    public async Task a_vote_called_emails_each_eligible_voter_the_rules_the_deadline_in_their_time_zone_and_a_calendar_and_no_one_else()
    {
        var c = await Api.CommunityAsync();
        (await Api.RulesAsync(c)).ShouldBe(HttpStatusCode.OK);
        (await SettingsAsync(c.Member, "digest", "Europe/Paris")).ShouldBe(HttpStatusCode.OK);
        var voter = (await Api.MembersAsync(c, 1))[0];
        var proposal = await Api.ProposalAsync(c, new { op = "add", text = "A new clause." });
        var closesAt = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(2).AddHours(17), TimeSpan.Zero);
        var vote = await Api.CallVoteAsync(c, proposal, closesAt);

        var email = (await WaitForAsync(c.Member, "Vote open:")).ShouldHaveSingleItem();
        email.Subject.ShouldBe("Vote open: Clarify our purpose");
        var text = email.TextBody!;
        text.ShouldContain("“Clarify our purpose” in “Community Agreement”");
        text.ShouldContain($"{TimeZoneInfo.ConvertTime(closesAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")):HH:mm} (Europe/Paris)"); // the member's time zone
        text.ShouldContain("How it is decided: consent, quorum 50% of participants");
        text.ShouldContain($"https://agreements.test/app/votes/{vote}");
        email.Headers["List-Unsubscribe"]!.ShouldStartWith("<https://agreements.test/unsubscribe/");
        var calendar = email.Attachments.OfType<MimePart>().ShouldHaveSingleItem();
        calendar.ContentType.MimeType.ShouldBe("text/calendar");
        calendar.ContentType.Parameters["method"].ShouldBe("PUBLISH");
        using var content = new MemoryStream();
        await calendar.Content!.DecodeToAsync(content);
        var ics = System.Text.Encoding.UTF8.GetString(content.ToArray());
        ics.ShouldContain("METHOD:PUBLISH");
        ics.ShouldContain($"DTEND:{closesAt.UtcDateTime:yyyyMMdd'T'HHmmss}Z");

        (await WaitForAsync(voter, "Vote open:")).ShouldHaveSingleItem().TextBody!.ShouldContain("(UTC)");
        await SettledAsync();
        (await ReceivedAsync(c.Facilitator, "Vote open:")).ShouldBeEmpty("who called the vote is not told of it");
        (await ReceivedAsync(c.Observer, "Vote open:")).ShouldBeEmpty("an observer may not vote, and their digest gathers the news");
    }

    [Fact]
    public async Task reminders_on_demand_go_only_to_voters_who_have_not_voted_and_at_most_once_an_hour()
    {
        var (c, voters, vote) = await OpenVoteOneVoterVotedInAsync();

        (await Api.PostAsync($"/votes/{vote}/reminders", c.Member.Token)).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await Api.PostAsync($"/votes/{vote}/reminders", c.Facilitator.Token)).ShouldBe(HttpStatusCode.Accepted).Json["reminded"]!.GetValue<int>()
            .ShouldBe(2, "the member and the voter who has not voted; not the facilitator who asked");

        (await WaitForAsync(c.Member, "Closing soon:")).ShouldHaveSingleItem().TextBody!.ShouldContain("you have not voted yet");
        (await WaitForAsync(voters[1], "Closing soon:")).ShouldHaveSingleItem();
        await SettledAsync();
        (await ReceivedAsync(voters[0], "Closing soon:")).ShouldBeEmpty("they voted");
        (await ReceivedAsync(c.Facilitator, "Closing soon:")).ShouldBeEmpty("who asked is not reminded");

        var again = await Api.PostAsync($"/votes/{vote}/reminders", c.Facilitator.Token);
        again.ShouldBeProblem(HttpStatusCode.TooManyRequests);
        again.Headers.RetryAfter.ShouldNotBeNull();
    }

    [Fact]
    public async Task two_requests_for_reminders_at_once_remind_each_voter_once_and_the_second_is_told_when_it_may_ask()
    {
        var (c, voters, vote) = await OpenVoteOneVoterVotedInAsync();

        var asked = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Api.PostAsync($"/votes/{vote}/reminders", c.Facilitator.Token)));

        asked.Select(a => a.Status).Order().ShouldBe([HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests]);
        asked.Single(a => a.Status == HttpStatusCode.Accepted).Json["reminded"]!.GetValue<int>().ShouldBe(2);
        asked.Single(a => a.Status == HttpStatusCode.TooManyRequests).Headers.RetryAfter.ShouldNotBeNull();
        await WaitForAsync(c.Member, "Closing soon:");
        await WaitForAsync(voters[1], "Closing soon:");
        await SettledAsync();
        (await ReceivedAsync(c.Member, "Closing soon:")).ShouldHaveSingleItem();
        (await ReceivedAsync(voters[1], "Closing soon:")).ShouldHaveSingleItem();
        (await ReceivedAsync(voters[0], "Closing soon:")).ShouldBeEmpty("they voted");
    }

    [Fact]
    public async Task the_scheduled_reminder_comes_remind_hours_before_the_deadline_to_those_who_have_not_voted()
    {
        var c = await Api.CommunityAsync();
        (await Api.RulesAsync(c)).ShouldBe(HttpStatusCode.OK); // remindHoursBefore left out: the default, 24
        (await Api.GetAsync($"/agreements/{c.AgreementId}/decision-rules", c.Member.Token)).Json["remindHoursBefore"]!.GetValue<double>().ShouldBe(24);
        var voter = (await Api.MembersAsync(c, 1))[0];
        var vote = await Api.CallVoteAsync(c, await Api.ProposalAsync(c, new { op = "add", text = "A new clause." }), DateTimeOffset.UtcNow.AddHours(24).AddSeconds(4));
        (await Api.BallotAsync(vote, voter, "agree")).ShouldBe(HttpStatusCode.OK);

        (await WaitForAsync(c.Member, "Closing soon:")).ShouldHaveSingleItem();
        await SettledAsync();
        (await ReceivedAsync(voter, "Closing soon:")).ShouldBeEmpty("they voted");
    }

    [Fact]
    public async Task a_closed_vote_tells_those_who_voted_the_outcome_in_words_and_its_author_once()
    {
        var c = await Api.CommunityAsync();
        (await Api.RulesAsync(c)).ShouldBe(HttpStatusCode.OK);
        var voters = await Api.MembersAsync(c, 2);
        var proposal = await Api.ProposalAsync(c, new { op = "add", text = "A new clause." });
        var vote = await Api.CallVoteAsync(c, proposal);
        (await Api.BallotAsync(vote, voters[0], "agree")).ShouldBe(HttpStatusCode.OK);
        (await Api.BallotAsync(vote, c.Facilitator, "agree")).ShouldBe(HttpStatusCode.OK);
        (await Api.BallotAsync(vote, c.Member, "agree")).ShouldBe(HttpStatusCode.OK); // the author votes too
        await Api.CloseAsync(c, vote);

        (await WaitForAsync(voters[0], "Vote passed:")).ShouldHaveSingleItem().TextBody!.ShouldContain("Passed: consent: no block.");
        var ratified = (await WaitForAsync(c.Member, "Ratified:")).ShouldHaveSingleItem("the author, who voted too, hears it once");
        ratified.TextBody!.ShouldContain("it is version 2 of “Community Agreement”");
        ratified.TextBody!.ShouldContain("Passed: consent: no block.", Case.Sensitive, "with the tally's explanation");
        await SettledAsync();
        (await ReceivedAsync(c.Member, "Vote passed:")).ShouldBeEmpty("the new version's email says it all");
        (await ReceivedAsync(c.Facilitator, "Vote passed:")).ShouldBeEmpty("who closed the vote is not told of it");
        (await ReceivedAsync(voters[1], "Vote passed:")).ShouldBeEmpty("did not vote: news for their digest");
    }

    [Fact]
    public async Task an_author_whose_proposal_a_new_version_conflicts_is_told_to_revise_it()
    {
        var c = await Api.CommunityAsync();
        var clause = await Api.ClauseIdAsync(c.AgreementId, "1");
        var other = (await Api.MembersAsync(c, 1))[0];
        var conflicted = (await Api.ProposeAsync(c.AgreementId, other, 1, new { op = "amend", clauseId = clause, text = "Their wording." }))
            .ShouldBe(HttpStatusCode.Created)["id"];

        (await Api.RulesAsync(c)).ShouldBe(HttpStatusCode.OK);
        var vote = await Api.CallVoteAsync(c, await Api.ProposalAsync(c, new { op = "amend", clauseId = clause, text = "The wording that was ratified." }));
        foreach (var voter in new[] { c.Member, c.Facilitator, other })
        {
            (await Api.BallotAsync(vote, voter, "agree")).ShouldBe(HttpStatusCode.OK);
        }

        (await Api.PostAsync($"/votes/{vote}/close", c.Facilitator.Token)).ShouldBe(HttpStatusCode.OK)["outcome"].ShouldBe("passed");

        var told = (await WaitForAsync(other, "Your proposal needs revising:")).ShouldHaveSingleItem();
        told.TextBody!.ShouldContain("Version 2 of “Community Agreement” changed clauses your proposal");
        (await Api.GetAsync($"/proposals/{conflicted}", other.Token)).Json["status"]!.GetValue<string>().ShouldBe("conflicted");
        await SettledAsync();
        (await ReceivedAsync(c.Member, "Your proposal needs revising:")).ShouldBeEmpty("the ratified proposal's author is not told of a conflict that is not theirs");
    }

    [Fact]
    public async Task a_reply_reaches_the_comment_author_and_a_new_proposal_follows_each_persons_level()
    {
        var c = await Api.CommunityAsync();
        var proposal = await Api.ProposalAsync(c, new { op = "add", text = "A new clause." });
        var comment = (await Api.PostAsync($"/proposals/{proposal}/comments", c.Member.Token, new { body = "My view." })).ShouldBe(HttpStatusCode.Created)["id"];
        (await Api.PostAsync($"/proposals/{proposal}/comments", c.Facilitator.Token, new { body = "A <b>reply</b>.", replyTo = comment })).ShouldBe(HttpStatusCode.Created);
        (await Api.PostAsync($"/proposals/{proposal}/comments", c.Member.Token, new { body = "Replying to myself.", replyTo = comment })).ShouldBe(HttpStatusCode.Created);

        var reply = (await WaitForAsync(c.Member, "A reply to your comment")).ShouldHaveSingleItem("their own reply tells them nothing");
        reply.TextBody!.ShouldContain("Fatima Diallo replied to your comment on “Clarify our purpose”");
        reply.HtmlBody!.ShouldContain("A &lt;b&gt;reply&lt;/b&gt;.");

        var mine = (await Api.MembersAsync(c, 1))[0];
        (await SettingsAsync(c.Observer, "all")).ShouldBe(HttpStatusCode.OK);
        (await SettingsAsync(mine, "mine")).ShouldBe(HttpStatusCode.OK);
        await ProposeAsync(c, c.Member, "Name our values");
        (await WaitForAsync(c.Observer, "New proposal: Name our values")).ShouldHaveSingleItem().TextBody!.ShouldContain("Ben Okafor proposed “Name our values”");
        await SettledAsync();
        (await ReceivedAsync(mine, "New proposal:")).ShouldBeEmpty("'mine' is only what is addressed to them");
        (await ReceivedAsync(c.Facilitator, "New proposal:")).ShouldBeEmpty("the default, 'digest', gathers news into the day's email");
        (await ReceivedAsync(c.Member, "New proposal:")).ShouldBeEmpty("the author is not told of their own proposal");
    }

    [Fact]
    public async Task the_digest_gathers_a_day_into_one_email()
    {
        var c = await Api.CommunityAsync();
        await ProposeAsync(c, c.Member, "First idea");
        await ProposeAsync(c, c.Member, "Second idea");
        var facilitator = Guid.Parse(c.Facilitator.Id);
        var agreement = Guid.Parse(c.AgreementId);
        await SettledAsync();
        (await EntriesAsync()).ShouldBe(2);
        var day = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using (var scope = App.Host.Services.CreateScope())
        {
            var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
            await bus.InvokeAsync(new SendDigest(facilitator, agreement, day)); // what the scheduled message does at 08:00 tomorrow
            await bus.InvokeAsync(new SendDigest(facilitator, agreement, day)); // a second delivery finds nothing left
        }

        (await EntriesAsync()).ShouldBe(0, "sent, and forgotten");
        var digest = (await WaitForAsync(c.Facilitator, "What happened in")).ShouldHaveSingleItem();
        digest.TextBody!.ShouldContain("New proposal: First idea");
        digest.TextBody!.ShouldContain("New proposal: Second idea");
        digest.Headers["List-Unsubscribe-Post"].ShouldBe("List-Unsubscribe=One-Click");
        (await ReceivedAsync(c.Facilitator, "New proposal:")).ShouldBeEmpty();
        await SettledAsync();
        (await ReceivedAsync(c.Facilitator, "What happened in")).Count.ShouldBe(1);

        async Task<int> EntriesAsync()
        {
            await using var query = App.Store.QuerySession();
            return await query.Query<DigestEntry>().CountAsync(e => e.ParticipantId == facilitator);
        }
    }

    [Fact]
    public async Task unsubscribing_needs_no_session_and_stops_that_agreements_email()
    {
        var c = await Api.CommunityAsync();
        var role = (await WaitForAsync(c.Member, "Your role in")).ShouldHaveSingleItem();
        var url = new Uri(role.Headers["List-Unsubscribe"]!.Trim('<', '>'));

        var page = (await Api.GetAsync(url.AbsolutePath)).ShouldBe(HttpStatusCode.OK);
        page.MediaType.ShouldBe("text/html");
        page.Body.ShouldContain("<form method=\"post\">");
        page.Body.ShouldNotContain("<script");
        page.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("form-action 'self'");
        (await Api.GetAsync("/me/notifications", c.Member.Token)).Json["agreements"]!.AsArray().ShouldBeEmpty("opening the page changes nothing");

        (await Api.SendAsync(HttpMethod.Post, url.AbsolutePath, rawBody: "List-Unsubscribe=One-Click", contentType: "application/x-www-form-urlencoded"))
            .ShouldBe(HttpStatusCode.OK);
        (await Api.PostAsync(url.AbsolutePath, null)).ShouldBe(HttpStatusCode.OK).MediaType.ShouldBe("text/html", "a button that posts nothing unsubscribes too, and twice is harmless");
        var settings = (await Api.GetAsync("/me/notifications", c.Member.Token)).ShouldBe(HttpStatusCode.OK).Json;
        settings["level"]!.GetValue<string>().ShouldBe("digest");
        settings["agreements"]![0]!["agreementId"]!.GetValue<string>().ShouldBe(c.AgreementId);
        settings["agreements"]![0]!["level"]!.GetValue<string>().ShouldBe("none");

        var proposal = await Api.ProposalAsync(c, new { op = "add", text = "A new clause." });
        var comment = (await Api.PostAsync($"/proposals/{proposal}/comments", c.Member.Token, new { body = "My view." })).ShouldBe(HttpStatusCode.Created)["id"];
        (await Api.PostAsync($"/proposals/{proposal}/comments", c.Facilitator.Token, new { body = "A reply.", replyTo = comment })).ShouldBe(HttpStatusCode.Created);
        await SettledAsync();
        (await ReceivedAsync(c.Member, "A reply")).ShouldBeEmpty();

        var forged = url.AbsolutePath[..^4] + (url.AbsolutePath.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        (await Api.PostAsync(forged, null)).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task settings_are_the_callers_own_and_an_unknown_time_zone_is_refused_by_its_json_path()
    {
        var c = await Api.CommunityAsync();
        var defaults = (await Api.GetAsync("/me/notifications", c.Member.Token)).ShouldBe(HttpStatusCode.OK).Json;
        defaults["level"]!.GetValue<string>().ShouldBe("digest");
        defaults["timeZone"]!.GetValue<string>().ShouldBe("UTC");
        defaults["language"]!.GetValue<string>().ShouldBe("en");

        var refused = (await SettingsAsync(c.Member, "all", "Mars/Olympus_Mons")).ShouldBeProblem(HttpStatusCode.BadRequest);
        refused["errors"]!["timeZone"].ShouldNotBeNull();
        (await Api.SendAsync(HttpMethod.Put, "/me/notifications", c.Member.Token, new { level = "all", timeZone = "UTC", language = "xx" }))
            .ShouldBeProblem(HttpStatusCode.BadRequest)["errors"]!["language"].ShouldNotBeNull();

        (await SettingsAsync(c.Member, "mine", "America/Sao_Paulo", [new { agreementId = c.AgreementId, level = "all" }])).ShouldBe(HttpStatusCode.OK);
        var saved = (await Api.GetAsync("/me/notifications", c.Member.Token)).Json;
        saved["timeZone"]!.GetValue<string>().ShouldBe("America/Sao_Paulo");
        saved["agreements"]![0]!["level"]!.GetValue<string>().ShouldBe("all");
        (await Api.GetAsync("/me/notifications", c.Facilitator.Token)).Json["level"]!.GetValue<string>().ShouldBe("digest", "each participant's own");
    }

    [Fact]
    public async Task nothing_is_sent_for_a_refused_request()
    {
        var c = await Api.CommunityAsync();
        (await Api.RulesAsync(c)).ShouldBe(HttpStatusCode.OK);
        (await SettingsAsync(c.Facilitator, "all")).ShouldBe(HttpStatusCode.OK);
        var proposal = await Api.ProposalAsync(c, new { op = "add", text = "A new clause." });
        var vote = await Api.CallVoteAsync(c, proposal);
        await Api.CloseAsync(c, vote);
        await WaitForAsync(c.Member, "Vote failed:");
        await SettledAsync();
        var before = App.Smtp.Received.Count;

        (await Api.BallotAsync(vote, c.Member, "agree")).ShouldBeProblem(HttpStatusCode.Conflict);
        (await Api.PostAsync($"/proposals/{proposal}/votes", c.Observer.Token, new { closesAt = DateTimeOffset.UtcNow.AddHours(1) })).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await Api.PostAsync($"/agreements/{c.AgreementId}/proposals", c.Observer.Token,
            new { title = "T", rationale = "R", baseVersion = 1, changes = new[] { new { op = "add", text = "X." } } })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await SettledAsync();
        App.Smtp.Received.Count.ShouldBe(before);
    }
}
