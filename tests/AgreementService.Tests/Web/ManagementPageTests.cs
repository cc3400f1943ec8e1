using System.Net;
using System.Text.RegularExpressions;
using AgreementService.Tests.Support;
using Marten;
using Microsoft.Playwright;

namespace AgreementService.Tests.Web;

/// <summary>
/// The facilitator's dashboard, my settings and the administrator's page, driven as a browser drives them: every form
/// runs the API's own use case, so what the API then says is what the page did, and its refusals are shown in its words.
/// </summary>
public sealed partial class ManagementPageTests(AppFixture app) : IntegrationContext(app)
{
    private async Task<string> EmailAsync(Person person) => (await Api.GetAsync($"/participants/{person.Id}", Scenarios.Admin)).Json["email"]!.GetValue<string>();

    private async Task<Pages> SignedInAsync(Person person)
    {
        var browser = new Pages(App.Host);
        await browser.SignInAsync(App.Smtp, await EmailAsync(person));
        return browser;
    }

    private static string Manage(Community c) => $"/app/agreements/{c.AgreementId}/manage";

    [Fact]
    public async Task the_facilitator_changes_a_members_role_and_the_api_shows_it()
    {
        var c = await Api.CommunityAsync();
        var browser = await SignedInAsync(c.Facilitator);

        var opened = (await browser.GetAsync(Manage(c))).ShouldBe(HttpStatusCode.OK);
        opened.Headers.GetValues("Referrer-Policy").ShouldBe(["same-origin"], "a form posted under no-referrer carries Origin: null, which the session refuses");
        var page = opened.Html;
        page.ShouldContain("<h1>Manage &#x201C;Community Agreement&#x201D;</h1>");
        page.ShouldContain("Ben Okafor");
        var answer = (await browser.SubmitAsync(Manage(c), $"/app/agreements/{c.AgreementId}/members/{c.Member.Id}/role", new() { ["role"] = "observer" }))
            .ShouldBe(HttpStatusCode.SeeOther);

        (await browser.GetAsync(answer.Location!)).ShouldBe(HttpStatusCode.OK).Html.ShouldContain("Ben Okafor is now observer.");
        var members = (await Api.GetAsync($"/agreements/{c.AgreementId}/members", c.Facilitator.Token)).Json["items"]!.AsArray();
        members.Single(m => m!["participantId"]!.GetValue<string>() == c.Member.Id)!["role"]!.GetValue<string>().ShouldBe("observer");
    }

    [Fact]
    public async Task the_only_facilitator_cannot_step_down_and_the_apis_words_stand_beside_her_role()
    {
        var c = await Api.CommunityAsync();
        var browser = await SignedInAsync(c.Facilitator);

        var refused = (await browser.SubmitAsync(Manage(c), $"/app/agreements/{c.AgreementId}/members/{c.Facilitator.Id}/role", new() { ["role"] = "member" }))
            .ShouldBe(HttpStatusCode.Conflict).Html;

        refused.ShouldContain($"<p class=\"error\" id=\"role-{c.Facilitator.Id}-error\" role=\"alert\">This is the agreement&#x27;s only facilitator. Make someone else facilitator first.</p>");
        var members = (await Api.GetAsync($"/agreements/{c.AgreementId}/members", c.Facilitator.Token)).Json["items"]!.AsArray();
        members.Single(m => m!["participantId"]!.GetValue<string>() == c.Facilitator.Id)!["role"]!.GetValue<string>().ShouldBe("facilitator");
    }

    [Fact]
    public async Task the_facilitator_removes_a_member_after_a_confirmation_step()
    {
        var c = await Api.CommunityAsync();
        var browser = await SignedInAsync(c.Facilitator);
        var remove = $"/app/agreements/{c.AgreementId}/members/{c.Member.Id}/remove";

        (await browser.GetAsync(Manage(c))).Html.ShouldContain($"href=\"{remove}\"");
        var confirm = (await browser.GetAsync(remove)).ShouldBe(HttpStatusCode.OK).Html;
        confirm.ShouldContain("<h1>Remove Ben Okafor?</h1>");
        (await Api.GetAsync($"/agreements/{c.AgreementId}/members", c.Facilitator.Token)).Body.ShouldContain(c.Member.Id, customMessage: "opening the confirmation removes no one");

        (await browser.SubmitAsync(remove, remove, [])).ShouldBe(HttpStatusCode.SeeOther);

        (await Api.GetAsync($"/agreements/{c.AgreementId}/members", c.Facilitator.Token)).Body.ShouldNotContain(c.Member.Id);
    }

    [Fact]
    public async Task the_rules_form_saves_valid_rules_and_shows_the_apis_refusal_beside_the_quorum_changing_nothing()
    {
        var c = await Api.CommunityAsync();
        var browser = await SignedInAsync(c.Facilitator);
        var action = $"/app/agreements/{c.AgreementId}/decision-rules";
        Dictionary<string, string> Rules(string quorum) => new()
        {
            ["method"] = "supermajority", ["threshold"] = "0,75", ["quorum"] = quorum, ["votingUnit"] = "organisation", ["blocksToFail"] = "2",
            ["minDiscussionHours"] = "24", ["defaultVotingHours"] = "72", ["closeWhenAllVoted"] = "true", ["remindHoursBefore"] = "6",
        };

        var form = (await browser.GetAsync(Manage(c))).Html;
        form.ShouldContain("Passes unless someone blocks.");
        form.ShouldContain("<input type=\"radio\" id=\"method\" name=\"method\" value=\"consent\" checked");
        (await browser.SubmitAsync(Manage(c), action, Rules("0.6"))).ShouldBe(HttpStatusCode.SeeOther).Location.ShouldEndWith("#rules");

        var saved = (await Api.GetAsync($"/agreements/{c.AgreementId}/decision-rules", c.Member.Token)).Json;
        saved.ToJsonString().ShouldBe(
            """{"method":"supermajority","threshold":0.75,"quorum":0.6,"votingUnit":"organisation","blocksToFail":2,"minDiscussionHours":24,"defaultVotingHours":72,"closeWhenAllVoted":true,"remindHoursBefore":6}""");

        var refused = (await browser.SubmitAsync(Manage(c), action, Rules("2"))).ShouldBe(HttpStatusCode.BadRequest).Html;

        var apiWords = (await Api.SendAsync(HttpMethod.Put, $"/agreements/{c.AgreementId}/decision-rules", c.Facilitator.Token, new
        {
            method = "consent", threshold = 0.6, quorum = 2, votingUnit = "participant", blocksToFail = 1, minDiscussionHours = 0, defaultVotingHours = 1,
            closeWhenAllVoted = false,
        })).ShouldBeProblem(HttpStatusCode.BadRequest)["errors"]!["quorum"]![0]!.GetValue<string>();
        refused.ShouldContain($"<p class=\"error\" id=\"quorum-error\">{System.Text.Encodings.Web.HtmlEncoder.Default.Encode(apiWords)}</p>");
        refused.ShouldContain("id=\"quorum\" name=\"quorum\" type=\"text\" inputmode=\"decimal\" value=\"2\" aria-describedby=\"quorum-hint quorum-error\" aria-invalid=\"true\"");
        refused.ShouldNotContain("id=\"threshold-error\"");
        (await Api.GetAsync($"/agreements/{c.AgreementId}/decision-rules", c.Member.Token)).Json.ToJsonString().ShouldBe(saved.ToJsonString());
    }

    [Fact]
    public async Task a_member_opening_the_dashboard_is_refused_in_the_apis_words_and_a_stranger_finds_nothing()
    {
        var c = await Api.CommunityAsync();
        var stranger = await Api.PersonAsync("Sam Stranger");

        var refused = (await (await SignedInAsync(c.Member)).GetAsync(Manage(c))).ShouldBe(HttpStatusCode.Forbidden).Html;
        refused.ShouldContain("This needs the facilitator role in this agreement; you are a member.");
        refused.ShouldNotContain("Decision rules");

        (await (await SignedInAsync(stranger)).GetAsync(Manage(c))).ShouldBe(HttpStatusCode.NotFound).Html.ShouldNotContain("Ben Okafor");
    }

    [Fact]
    public async Task the_facilitator_invites_a_person_into_the_agreement_and_the_email_reaches_them()
    {
        var c = await Api.CommunityAsync();
        var browser = await SignedInAsync(c.Facilitator);
        const string email = "karl.weber@digital-rights.example";

        var sent = (await browser.SubmitAsync(Manage(c), $"/app/agreements/{c.AgreementId}/invitations",
            new() { ["name"] = "Karl <b>Weber</b>", ["email"] = email, ["role"] = "member" })).ShouldBe(HttpStatusCode.SeeOther);

        (await App.Smtp.WaitForAsync(email)).Single().TextBody!.ShouldContain("You are invited to take part in \"Community Agreement\" as member.");
        var page = (await browser.GetAsync(sent.Location!)).Html;
        page.ShouldContain("Invitation sent to Karl &lt;b&gt;Weber&lt;/b&gt; (karl.weber@digital-rights.example), as member.");
        page.ShouldNotContain("<b>Weber</b>");
        (await Api.GetAsync($"/agreements/{c.AgreementId}/members", c.Facilitator.Token)).Body.ShouldContain("Karl <b>Weber</b>");

        var refused = (await browser.SubmitAsync(Manage(c), $"/app/agreements/{c.AgreementId}/invitations",
            new() { ["name"] = "Nobody", ["email"] = "not-an-address", ["role"] = "member" })).ShouldBe(HttpStatusCode.BadRequest).Html;
        refused.ShouldContain("<p class=\"error\" id=\"email-error\">&#x27;email&#x27; is not a valid email address.</p>");
        refused.ShouldContain("value=\"Nobody\"");
    }

    [Fact]
    public async Task registering_a_webhook_shows_its_secret_once()
    {
        var c = await Api.CommunityAsync();
        var browser = await SignedInAsync(c.Facilitator);
        const string url = "http://127.0.0.1:9/agreement-hook";

        var registered = (await browser.SubmitAsync(Manage(c), $"/app/agreements/{c.AgreementId}/webhooks", new() { ["url"] = url, ["secret"] = "" }))
            .ShouldBe(HttpStatusCode.OK).Html;

        var secret = Secret().Match(registered);
        secret.Success.ShouldBeTrue("the page shows the secret");
        registered.ShouldContain("It is shown only this once");
        var hooks = (await Api.GetAsync($"/agreements/{c.AgreementId}/webhooks", c.Facilitator.Token)).ShouldBe(HttpStatusCode.OK).Json.AsArray();
        hooks.Single()!["url"]!.GetValue<string>().ShouldBe(url);
        var again = (await browser.GetAsync(Manage(c))).Html;
        again.ShouldContain(url);
        again.ShouldContain("Nothing has been sent to it yet.");
        again.ShouldNotContain(secret.Groups[1].Value);
        await using (var session = App.Store.QuerySession())
        {
            var stored = await session.Query<AgreementService.Webhooks.Webhook>().SingleAsync(w => w.AgreementId == Guid.Parse(c.AgreementId));
            WebUtility.HtmlDecode(secret.Groups[1].Value).ShouldBe(stored.Secret, "the page shows the secret the webhook signs with");
        }

        var refused = (await browser.SubmitAsync(Manage(c), $"/app/agreements/{c.AgreementId}/webhooks", new() { ["url"] = "ftp://example.org/x", ["secret"] = "" }))
            .ShouldBe(HttpStatusCode.BadRequest).Html;
        refused.ShouldContain("<p class=\"error\" id=\"url-error\">&#x27;url&#x27; must be an absolute http or https address.</p>");
    }

    [Fact]
    public async Task settings_change_the_level_and_the_zone_and_show_them_saved_and_an_unknown_zone_is_refused_beside_it()
    {
        var c = await Api.CommunityAsync();
        var browser = await SignedInAsync(c.Member);

        var page = (await browser.GetAsync("/app/me")).ShouldBe(HttpStatusCode.OK).Html;
        page.ShouldContain("<input type=\"radio\" id=\"level-digest\" name=\"level\" value=\"digest\" checked");
        page.ShouldContain("Only what concerns you: votes you can cast");
        var saved = (await browser.SubmitAsync("/app/me", "/app/me/notifications", new()
        {
            ["level"] = "mine", ["timeZone"] = "Europe/Paris", ["language"] = "en", [$"agreement-{c.AgreementId}"] = "all",
        })).ShouldBe(HttpStatusCode.SeeOther);

        var settings = (await Api.GetAsync("/me/notifications", c.Member.Token)).Json;
        settings["level"]!.GetValue<string>().ShouldBe("mine");
        settings["timeZone"]!.GetValue<string>().ShouldBe("Europe/Paris");
        settings["agreements"]![0]!["level"]!.GetValue<string>().ShouldBe("all");
        page = (await browser.GetAsync(saved.Location!)).Html;
        page.ShouldContain("Your settings are saved.");
        page.ShouldContain("<input type=\"radio\" id=\"level-mine\" name=\"level\" value=\"mine\" checked");
        page.ShouldContain("<option value=\"Europe/Paris\" selected");
        page.ShouldContain("<option value=\"all\" selected");

        var refused = (await browser.SubmitAsync("/app/me", "/app/me/notifications", new() { ["level"] = "none", ["timeZone"] = "Mars/Olympus", ["language"] = "en" }))
            .ShouldBe(HttpStatusCode.BadRequest).Html;
        refused.ShouldContain("<p class=\"error\" id=\"timeZone-error\">&#x27;timeZone&#x27; must be an IANA time zone, such as &#x27;Europe/Paris&#x27; or &#x27;UTC&#x27;.</p>");
        refused.ShouldContain("<option value=\"Mars/Olympus\" selected");
        (await Api.GetAsync("/me/notifications", c.Member.Token)).Json["level"]!.GetValue<string>().ShouldBe("mine");
    }

    [Fact]
    public async Task the_sessions_list_marks_this_browser_and_signing_out_everywhere_signs_every_browser_out()
    {
        var c = await Api.CommunityAsync();
        var browser = await SignedInAsync(c.Member);
        var other = await SignedInAsync(c.Member);

        var page = (await browser.GetAsync("/app/me")).ShouldBe(HttpStatusCode.OK).Html;
        Regex.Matches(page, "<strong class=\"this-browser\">This browser</strong>").Count.ShouldBe(1);
        Regex.Matches(page, "action=\"/app/me/sessions/[0-9a-f-]+/end\"").Count.ShouldBe(2);

        var out1 = (await browser.SubmitAsync("/app/me", "/app/me/sessions/end-all", [])).ShouldBe(HttpStatusCode.SeeOther);

        out1.Location.ShouldBe("/app/sign-in");
        (await browser.GetAsync("/app/me")).ShouldBe(HttpStatusCode.SeeOther).Location!.ShouldStartWith("/app/sign-in");
        (await other.GetAsync("/app/me")).ShouldBe(HttpStatusCode.SeeOther).Location!.ShouldStartWith("/app/sign-in");
    }

    [Fact]
    public async Task the_administrator_invites_a_participant_sees_them_never_signed_in_and_creates_an_organisation()
    {
        var browser = new Pages(App.Host);
        await browser.SignInAsync(App.Smtp, AppFixture.AdministratorEmail);
        const string email = "amira.haddad@equality.example";

        var created = (await browser.SubmitAsync("/app/administration", "/app/administration/organisations", new() { ["name"] = "Roma Rights Network" }))
            .ShouldBe(HttpStatusCode.SeeOther);
        (await browser.GetAsync(created.Location!)).Html.ShouldContain("Roma Rights Network is registered as an organisation.");
        var organisation = (await Api.GetAsync("/organisations", Scenarios.Admin)).Json["items"]!.AsArray().Single()!;
        organisation["name"]!.GetValue<string>().ShouldBe("Roma Rights Network");

        var invited = (await browser.SubmitAsync("/app/administration", "/app/administration/invitations", new()
        {
            ["name"] = "Amira Haddad", ["email"] = email, ["organisationId"] = organisation["id"]!.GetValue<string>(),
        })).ShouldBe(HttpStatusCode.SeeOther);

        (await App.Smtp.WaitForAsync(email)).Count.ShouldBe(1);
        var page = (await browser.GetAsync(invited.Location!)).ShouldBe(HttpStatusCode.OK).Html;
        page.ShouldContain("Invitation sent to Amira Haddad (amira.haddad@equality.example).");
        var never = page[page.IndexOf("id=\"never\"", StringComparison.Ordinal)..page.IndexOf("id=\"organisations\"", StringComparison.Ordinal)];
        never.ShouldContain("Amira Haddad");
        never.ShouldContain("amira.haddad@equality.example · Roma Rights Network");
        never.ShouldNotContain("coordinator@agreements.test", customMessage: "the administrator signed in");
        page.ShouldContain("You: an administrator");

        var refused = (await browser.SubmitAsync("/app/administration", "/app/administration/organisations", new() { ["name"] = "roma rights network" }))
            .ShouldBe(HttpStatusCode.Conflict).Html;
        refused.ShouldContain("An organisation named &#x27;roma rights network&#x27; already exists.");
        refused.ShouldContain("value=\"roma rights network\"");
        (await Api.GetAsync("/organisations", Scenarios.Admin)).Json["items"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task the_administrator_resends_an_invitation_and_appoints_an_administrator()
    {
        var person = await Api.PersonAsync("Lena Fischer");
        var email = await EmailAsync(person);
        var browser = new Pages(App.Host);
        await browser.SignInAsync(App.Smtp, AppFixture.AdministratorEmail);

        (await browser.SubmitAsync("/app/administration", $"/app/administration/participants/{person.Id}/invitation", [])).ShouldBe(HttpStatusCode.SeeOther);
        (await App.Smtp.WaitForAsync(email)).Count.ShouldBe(1);

        (await browser.SubmitAsync("/app/administration", $"/app/administration/participants/{person.Id}/appoint", [])).ShouldBe(HttpStatusCode.SeeOther);
        (await Api.GetAsync($"/participants/{person.Id}", Scenarios.Admin)).Json["administrator"]!.GetValue<bool>().ShouldBeTrue();
        (await browser.SubmitAsync("/app/administration", $"/app/administration/participants/{person.Id}/dismiss", [])).ShouldBe(HttpStatusCode.SeeOther);
        (await Api.GetAsync($"/participants/{person.Id}", Scenarios.Admin)).Json["administrator"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task a_participant_who_is_not_an_administrator_is_refused_the_administrators_page()
    {
        var person = await Api.PersonAsync("Ana Lima");
        var browser = await SignedInAsync(person);

        var page = (await browser.GetAsync("/app/administration")).ShouldBe(HttpStatusCode.Forbidden).Html;
        page.ShouldContain("<h1>Not allowed</h1>");
        page.ShouldNotContain("Invite a participant");
    }

    // HTML-encoded as the page has it: base64's '+' is written &#x2B;.
    [GeneratedRegex("<code class=\"secret\">(whsec_[^<]+)</code>")]
    private static partial Regex Secret();
}

/// <summary>The dashboard, my settings and the administrator's page in Chromium: each passes axe and is screenshot at 1280 and 360 px.</summary>
public sealed class ManagementJourneyTests(WebApp web) : WebJourney(web)
{
    [BrowserFact]
    public async Task a_facilitator_manages_her_agreement_sets_her_email_and_the_administrator_sees_who_never_signed_in()
    {
        var facilitator = await Api.PersonAsync("Fatima Diallo");
        var agreement = await Api.AgreementAsync(facilitator, slug: $"agreement-{Guid.NewGuid():N}");
        var member = await Api.MemberAsync(agreement, facilitator, "member", "Ben Okafor");
        var email = (await Api.GetAsync($"/participants/{facilitator.Id}", Scenarios.Admin)).Json["email"]!.GetValue<string>();
        var clause = await Api.ClauseIdAsync(agreement, "1");
        (await Api.ProposeAsync(agreement, member, 1, new { op = "amend", clauseId = clause, text = "We litigate strategically, together." }))
            .ShouldBe(System.Net.HttpStatusCode.Created);

        var fatima = await Web.SignInAsync(email);
        await fatima.GotoAsync($"/app/agreements/{agreement}/manage");
        await Assertions.Expect(fatima.GetByRole(AriaRole.Heading, new() { Name = "Manage “Community Agreement”", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(fatima.GetByRole(AriaRole.Link, new() { Name = "Clarify our purpose" })).ToBeVisibleAsync();
        await WebApp.AxeAsync(fatima);
        await WebApp.ScreenshotAsync(fatima, "manage");

        await fatima.GetByLabel("Role of Ben Okafor").SelectOptionAsync("observer");
        await fatima.GetByRole(AriaRole.Button, new() { Name = "Change role of Ben Okafor" }).ClickAsync();
        await Assertions.Expect(fatima.GetByRole(AriaRole.Status)).ToHaveTextAsync("Ben Okafor is now observer.");

        await fatima.GetByLabel("Quorum").FillAsync("2");
        await fatima.GetByRole(AriaRole.Button, new() { Name = "Save the decision rules" }).ClickAsync();
        await Assertions.Expect(fatima.Locator("#quorum-error")).ToContainTextAsync("'quorum' must be between 0 and 1");
        await Assertions.Expect(fatima.GetByLabel("Quorum")).ToHaveValueAsync("2");
        await WebApp.AxeAsync(fatima);
        await WebApp.ScreenshotAsync(fatima, "manage-rules-refused");

        await fatima.GotoAsync($"/app/agreements/{agreement}/members/{member.Id}/remove");
        await Assertions.Expect(fatima.GetByRole(AriaRole.Button, new() { Name = "Remove Ben Okafor" })).ToBeVisibleAsync();
        await WebApp.AxeAsync(fatima);
        await WebApp.ScreenshotAsync(fatima, "manage-remove-member");

        await fatima.GotoAsync("/app/me");
        await fatima.GetByLabel("Only what concerns me").CheckAsync();
        await fatima.GetByLabel("Time zone").SelectOptionAsync("Europe/Paris");
        await fatima.GetByRole(AriaRole.Button, new() { Name = "Save my email settings" }).ClickAsync();
        await Assertions.Expect(fatima.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your settings are saved.");
        await Assertions.Expect(fatima.GetByLabel("Only what concerns me")).ToBeCheckedAsync();
        await Assertions.Expect(fatima.GetByText("This browser", new() { Exact = true })).ToBeVisibleAsync();
        await WebApp.AxeAsync(fatima);
        await WebApp.ScreenshotAsync(fatima, "settings");

        var administrator = await Web.SignInAsync(WebApp.AdministratorEmail);
        await administrator.GotoAsync("/app/administration");
        await Assertions.Expect(administrator.Locator("section[aria-labelledby=never]")).ToContainTextAsync("Ben Okafor");
        await WebApp.AxeAsync(administrator);
        await WebApp.ScreenshotAsync(administrator, "administration");

        await fatima.GotoAsync("/app/administration");
        await Assertions.Expect(fatima.GetByRole(AriaRole.Heading, new() { Name = "Not allowed", Level = 1 })).ToBeVisibleAsync();
    }
}
