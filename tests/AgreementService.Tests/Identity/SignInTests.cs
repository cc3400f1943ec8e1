using System.Net;
using System.Text.RegularExpressions;
using AgreementService.Access;
using AgreementService.Tests.Support;
using Marten;

namespace AgreementService.Tests.Identity;

/// <summary>
/// Sign-in by emailed link, through a real SMTP server: the link goes to the right person only, works once and not
/// after it expires, starts a session (an HttpOnly, SameSite=Lax cookie) that calls the API as the person and ends
/// when its owner ends it. Invitations send the same kind of link; administrators are people who sign in too.
/// </summary>
public sealed partial class SignInTests(AppFixture app) : IntegrationContext(app)
{
    private const string Origin = "https://agreements.test";

    private async Task<string> EmailOfAsync(string participantId) =>
        (await Api.GetAsync($"/participants/{participantId}", Scenarios.Admin)).ShouldBe(HttpStatusCode.OK)["email"];

    /// <summary>The link's secret in the last email to <paramref name="email"/>, after <paramref name="count"/> have come.</summary>
    private async Task<string> LinkAsync(string email, int count = 1)
    {
        var message = (await App.Smtp.WaitForAsync(email, count))[count - 1];
        var secret = Link().Match(message.TextBody ?? "").Groups[1].Value;
        secret.ShouldNotBeNullOrEmpty();
        return secret;
    }

    private async Task<string> RequestLinkAsync(string email, int count = 1)
    {
        (await Api.PostAsync("/sign-in", null, new { email })).ShouldBe(HttpStatusCode.Accepted);
        return await LinkAsync(email, count);
    }

    /// <summary>Follows the link as a browser does (the page, then its button) and returns the session cookie's whole Set-Cookie.</summary>
    private async Task<string> SignInAsync(string secret, string origin = "http://localhost")
    {
        (await Api.GetAsync($"{origin}/sign-in/{secret}")).ShouldBe(HttpStatusCode.OK);
        var response = await Api.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{origin}/sign-in/{secret}"));
        response.ShouldBe(HttpStatusCode.SeeOther).Headers.Location!.OriginalString.ShouldBe("/");
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SessionCookie.Name + "=", StringComparison.Ordinal));
    }

    private static string Cookie(string setCookie) => setCookie.Split(';')[0];

    private Task<Response> WithCookieAsync(HttpMethod method, string url, string setCookie, string? origin = Origin)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Cookie", Cookie(setCookie));
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return Api.SendAsync(request);
    }

    [Fact]
    public async Task a_link_goes_to_the_right_person_only_and_signs_in_once_into_a_session_that_calls_the_api()
    {
        var ana = await Api.ParticipantAsync("Ana <b>Lima</b>");
        await Api.ParticipantAsync("Ben Okafor");
        var email = await EmailOfAsync(ana);

        var secret = await RequestLinkAsync(email.ToUpperInvariant());
        var message = App.Smtp.Received.ShouldHaveSingleItem("the link goes to its owner and to no one else");
        message.To.Mailboxes.Single().Address.ShouldBe(email);
        message.Headers["List-Unsubscribe"].ShouldBeNull();
        message.HtmlBody.ShouldNotBeNull().ShouldContain("Ana &lt;b&gt;Lima&lt;/b&gt;");
        await using (var query = App.Store.QuerySession())
        {
            var link = (await query.Query<SignInLink>().ToListAsync()).ShouldHaveSingleItem();
            link.Id.ShouldBe(Tokens.Hash(secret), "only the hash is stored");
            (link.ExpiresAt - link.IssuedAt).ShouldBe(TimeSpan.FromMinutes(15));
        }

        var page = await Api.GetAsync($"/sign-in/{secret}");
        page.ShouldBe(HttpStatusCode.OK).MediaType.ShouldBe("text/html");
        page.Body.ShouldContain("<form method=\"post\"><button type=\"submit\">Sign in</button></form>");
        page.Body.ShouldContain("Ana &lt;b&gt;Lima&lt;/b&gt;");
        page.Body.ShouldNotContain("<script");
        page.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("form-action 'self'");
        page.Headers.CacheControl!.NoStore.ShouldBeTrue();
        (await Api.GetAsync($"/participants/{ana}", Scenarios.Admin)).Json["signedInAt"].ShouldBeNull("opening the page does not sign in");

        var setCookie = await SignInAsync(secret);
        setCookie.ShouldContain("httponly", Case.Insensitive);
        setCookie.ShouldContain("samesite=lax", Case.Insensitive);
        setCookie.ShouldNotContain("secure", Case.Insensitive, "the request was not HTTPS");

        var me = (await WithCookieAsync(HttpMethod.Get, "/me", setCookie)).ShouldBe(HttpStatusCode.OK).Json;
        me["participant"]!["id"]!.GetValue<string>().ShouldBe(ana);
        me["administrator"]!.GetValue<bool>().ShouldBeFalse();
        (await Api.GetAsync($"/participants/{ana}", Scenarios.Admin)).Json["signedInAt"].ShouldNotBeNull();

        var again = await Api.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/sign-in/{secret}"));
        again.ShouldBe(HttpStatusCode.Gone).MediaType.ShouldBe("text/html");
        again.Headers.Contains("Set-Cookie").ShouldBeFalse();
        (await Api.GetAsync($"/sign-in/{secret}")).ShouldBe(HttpStatusCode.Gone).Body.ShouldContain("Ask for a new one");
    }

    [Fact]
    public async Task an_unknown_address_gets_the_same_answer_and_no_email()
    {
        var known = await EmailOfAsync(await Api.ParticipantAsync());
        var unknown = await Api.PostAsync("/sign-in", null, new { email = "nobody@example.org" });
        var answered = await Api.PostAsync("/sign-in", null, new { email = known });

        unknown.ShouldBe(HttpStatusCode.Accepted).Body.ShouldBe(answered.ShouldBe(HttpStatusCode.Accepted).Body);
        await App.Smtp.WaitForAsync(known);
        await Task.Delay(500);
        App.Smtp.Received.ShouldHaveSingleItem().To.Mailboxes.Single().Address.ShouldBe(known);
        await using var query = App.Store.QuerySession();
        (await query.Query<SignInLink>().CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task an_expired_link_is_refused()
    {
        var email = await EmailOfAsync(await Api.ParticipantAsync());
        var secret = await RequestLinkAsync(email);
        await using (var session = App.Store.LightweightSession())
        {
            var link = (await session.LoadAsync<SignInLink>(Tokens.Hash(secret))).ShouldNotBeNull();
            session.Store(link with { ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1) });
            await session.SaveChangesAsync();
        }

        (await Api.GetAsync($"/sign-in/{secret}")).ShouldBe(HttpStatusCode.Gone);
        var refused = await Api.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/sign-in/{secret}"));
        refused.ShouldBe(HttpStatusCode.Gone).Headers.Contains("Set-Cookie").ShouldBeFalse();
    }

    [Fact]
    public async Task two_presses_of_one_link_at_once_sign_in_once_and_show_the_other_that_the_link_no_longer_works()
    {
        var participant = Guid.Parse(await Api.ParticipantAsync());
        const int links = 5; // each a race; one that is lost and answered anything but the page fails
        for (var i = 0; i < links; i++)
        {
            var secret = Tokens.NewToken();
            await using (var session = App.Store.LightweightSession())
            {
                session.Store(new SignInLink(Tokens.Hash(secret), participant, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(15), null));
                await session.SaveChangesAsync();
            }

            var presses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Api.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/sign-in/{secret}"))));

            presses.Select(p => p.Status).Order().ShouldBe([HttpStatusCode.SeeOther, HttpStatusCode.Gone]);
            var lost = presses.Single(p => p.Status == HttpStatusCode.Gone);
            lost.MediaType.ShouldBe("text/html");
            lost.Body.ShouldContain("This link no longer works");
            lost.Headers.Contains("Set-Cookie").ShouldBeFalse();
        }

        await using var query = App.Store.QuerySession();
        (await query.Query<BrowserSession>().CountAsync(s => s.ParticipantId == participant)).ShouldBe(links, "one session per link");
    }

    /// <summary>
    /// A session seen again after <see cref="BrowserSession.Touch"/> writes its cookie anew, with its secret, on whatever
    /// answer it is: a public version's document says "public, immutable" for partner sites' caches, which must not keep
    /// that answer (and hand the session to the next visitor).
    /// </summary>
    [Fact]
    public async Task an_answer_that_writes_the_session_cookie_is_never_stored_even_a_public_document()
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        var participant = await Api.ParticipantAsync("Ana Lima", email);
        var setCookie = await SignInAsync(await RequestLinkAsync(email));
        await Api.AgreementAsync(new Support.Person(participant, ""), "open-charter");
        await using (var session = App.Store.LightweightSession())
        {
            var browser = await session.Query<BrowserSession>().SingleAsync(s => s.ParticipantId == Guid.Parse(participant));
            session.Store(browser with { LastSeenAt = browser.LastSeenAt - BrowserSession.Touch - TimeSpan.FromMinutes(1) });
            await session.SaveChangesAsync();
        }

        var request = new HttpRequestMessage(HttpMethod.Get, "/public/agreements/open-charter/versions/1"); // as the web app's download runs it
        request.Headers.Add("Cookie", Cookie(setCookie));
        request.Headers.Add("Accept", "application/pdf");
        var answer = await Api.SendAsync(request);
        answer.ShouldBe(HttpStatusCode.OK).Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith(SessionCookie.Name + "=", StringComparison.Ordinal));
        answer.Headers.CacheControl!.Public.ShouldBeFalse();
        answer.Headers.CacheControl.NoStore.ShouldBeTrue();
    }

    [Fact]
    public async Task the_cookie_is_secure_under_https()
    {
        var email = await EmailOfAsync(await Api.ParticipantAsync());
        var setCookie = await SignInAsync(await RequestLinkAsync(email), origin: "https://localhost");
        setCookie.ShouldContain("secure", Case.Insensitive);
        setCookie.ShouldContain("httponly", Case.Insensitive);
    }

    [Fact]
    public async Task ending_a_session_or_every_session_stops_it_and_a_cookie_cannot_make_a_change_from_another_site()
    {
        var id = await Api.ParticipantAsync();
        var email = await EmailOfAsync(id);
        var first = await SignInAsync(await RequestLinkAsync(email));
        var second = await SignInAsync(await RequestLinkAsync(email, 2));
        var third = await SignInAsync(await RequestLinkAsync(email, 3));

        var sessions = (await WithCookieAsync(HttpMethod.Get, "/me/sessions", first)).ShouldBe(HttpStatusCode.OK).Json.AsArray();
        sessions.Count.ShouldBe(3);
        sessions.Count(s => s!["current"]!.GetValue<bool>()).ShouldBe(1);
        var secondId = (await WithCookieAsync(HttpMethod.Get, "/me/sessions", second)).Json.AsArray().Single(s => s!["current"]!.GetValue<bool>())!["id"]!.GetValue<string>();

        (await WithCookieAsync(HttpMethod.Delete, $"/me/sessions/{secondId}", first, origin: null)).ShouldBeProblem(HttpStatusCode.Unauthorized);
        (await WithCookieAsync(HttpMethod.Delete, $"/me/sessions/{secondId}", first, origin: "https://elsewhere.agreements.test")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        (await WithCookieAsync(HttpMethod.Get, "/me", second)).ShouldBe(HttpStatusCode.OK);

        (await WithCookieAsync(HttpMethod.Delete, $"/me/sessions/{secondId}", first)).ShouldBe(HttpStatusCode.NoContent);
        (await WithCookieAsync(HttpMethod.Get, "/me", second)).ShouldBeProblem(HttpStatusCode.Unauthorized);
        (await WithCookieAsync(HttpMethod.Get, "/me", first)).ShouldBe(HttpStatusCode.OK);

        (await WithCookieAsync(HttpMethod.Post, "/sign-out", third)).ShouldBe(HttpStatusCode.NoContent);
        (await WithCookieAsync(HttpMethod.Get, "/me", third)).ShouldBeProblem(HttpStatusCode.Unauthorized);

        var everywhere = await SignInAsync(await RequestLinkAsync(email, 4));
        (await WithCookieAsync(HttpMethod.Delete, "/me/sessions", everywhere)).ShouldBe(HttpStatusCode.NoContent);
        (await WithCookieAsync(HttpMethod.Get, "/me", first)).ShouldBeProblem(HttpStatusCode.Unauthorized);
        (await WithCookieAsync(HttpMethod.Get, "/me", everywhere)).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task sign_in_requests_are_limited_per_email()
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        for (var i = 0; i < 5; i++)
        {
            (await Api.PostAsync("/sign-in", null, new { email })).ShouldBe(HttpStatusCode.Accepted);
        }

        var refused = await Api.PostAsync("/sign-in", null, new { email = email.ToUpperInvariant() });
        refused.ShouldBeProblem(HttpStatusCode.TooManyRequests);
        int.Parse(refused.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task a_configured_administrator_signs_in_as_a_person_and_makes_another_administrator()
    {
        var setCookie = await SignInAsync(await RequestLinkAsync(AppFixture.AdministratorEmail));
        var me = (await WithCookieAsync(HttpMethod.Get, "/me", setCookie)).ShouldBe(HttpStatusCode.OK).Json;
        me["administrator"]!.GetValue<bool>().ShouldBeTrue();
        me["participant"]!["email"]!.GetValue<string>().ShouldBe(AppFixture.AdministratorEmail);

        var other = await Api.PersonAsync("Olga Nowak");
        (await Api.GetAsync("/participants", other.Token)).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await WithCookieAsync(HttpMethod.Put, $"/participants/{other.Id}/administrator", setCookie)).ShouldBe(HttpStatusCode.OK)
            .Json["administrator"]!.GetValue<bool>().ShouldBeTrue();
        (await Api.GetAsync("/participants", other.Token)).ShouldBe(HttpStatusCode.OK);
        (await Api.DeleteAsync($"/participants/{other.Id}/administrator", Scenarios.Admin)).ShouldBe(HttpStatusCode.NoContent);
        (await Api.GetAsync("/participants", other.Token)).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task an_invitation_registers_the_person_sends_a_week_long_link_and_shows_until_they_sign_in()
    {
        var invited = (await Api.PostAsync("/invitations", Scenarios.Admin, new { name = "Ines Duarte", email = "Ines@Example.org" })).ShouldBe(HttpStatusCode.OK).Json;
        var id = invited["participant"]!["id"]!.GetValue<string>();
        (DateTimeOffset.Parse(invited["linkExpiresAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow)
            .ShouldBeInRange(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        var message = (await App.Smtp.WaitForAsync("ines@example.org")).ShouldHaveSingleItem();
        message.Subject.ShouldBe("You are invited to the Community Agreement");

        (await Api.GetAsync("/participants?signedIn=false", Scenarios.Admin)).Json["items"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).ShouldContain(id);
        (await Api.PostAsync($"/participants/{id}/invitation", Scenarios.Admin)).ShouldBe(HttpStatusCode.OK);
        await SignInAsync(await LinkAsync("ines@example.org", 2));

        (await Api.GetAsync("/participants?signedIn=false", Scenarios.Admin)).Json["items"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).ShouldNotContain(id);
        (await Api.GetAsync("/participants?signedIn=true", Scenarios.Admin)).Json["items"]!.AsArray().Single()!["id"]!.GetValue<string>().ShouldBe(id);
        (await Api.PostAsync("/invitations", Scenarios.Admin, new { name = "Another Name", email = "ines@example.org" })).ShouldBe(HttpStatusCode.OK)
            .Json["participant"]!["id"]!.GetValue<string>().ShouldBe(id, "an address already registered is invited again, not registered twice");
    }

    [Fact]
    public async Task a_facilitator_invites_into_their_agreement_with_a_role()
    {
        var facilitator = await Api.PersonAsync("Fatima Diallo");
        var agreement = await Api.AgreementAsync(facilitator, $"a-{Guid.NewGuid():N}");

        var sent = (await Api.PostAsync($"/agreements/{agreement}/invitations", facilitator.Token, new { name = "Karl <i>Berg</i>", email = "karl@example.org", role = "member" }))
            .ShouldBe(HttpStatusCode.OK).Json;
        sent["role"]!.GetValue<string>().ShouldBe("member");
        var id = sent["participant"]!["id"]!.GetValue<string>();
        var members = (await Api.GetAsync($"/agreements/{agreement}/members", facilitator.Token)).Json["items"]!.AsArray();
        members.Single(m => m!["participantId"]!.GetValue<string>() == id)!["role"]!.GetValue<string>().ShouldBe("member");

        var message = (await App.Smtp.WaitForAsync("karl@example.org")).ShouldHaveSingleItem();
        message.TextBody.ShouldNotBeNull().ShouldContain("\"Community Agreement\" as member");
        message.HtmlBody.ShouldNotBeNull().ShouldContain("Karl &lt;i&gt;Berg&lt;/i&gt;");
        (await ServiceDatabase.UntilQuietAsync(App.ConnectionString, TimeSpan.FromSeconds(30))).ShouldBeTrue("the service settled");
        App.Smtp.To("karl@example.org").Count.ShouldBe(1, "the invitation says which agreement and role: no second email about the role");

        (await Api.PostAsync($"/agreements/{agreement}/invitations", facilitator.Token, new { name = "Karl", email = "karl@example.org", role = "observer" }))
            .ShouldBe(HttpStatusCode.OK).Json["role"]!.GetValue<string>().ShouldBe("member", "a member invited again keeps their role");
    }

    [Fact]
    public async Task a_facilitator_resends_the_invitation_of_someone_in_their_agreement_and_no_one_elses()
    {
        var facilitator = await Api.PersonAsync("Fatima Diallo");
        var agreement = await Api.AgreementAsync(facilitator, $"a-{Guid.NewGuid():N}");
        var karl = (await Api.PostAsync($"/agreements/{agreement}/invitations", facilitator.Token, new { name = "Karl Berg", email = "karl@example.org", role = "member" }))
            .ShouldBe(HttpStatusCode.OK).Json["participant"]!["id"]!.GetValue<string>();
        var other = await Api.PersonAsync("Otto Facilitator");
        await Api.AgreementAsync(other, $"b-{Guid.NewGuid():N}");
        var stranger = await Api.ParticipantAsync("Sara Stranger", "sara@example.org");

        var resent = (await Api.PostAsync($"/participants/{karl}/invitation", facilitator.Token)).ShouldBe(HttpStatusCode.OK).Json;
        resent["participant"]!["id"]!.GetValue<string>().ShouldBe(karl);
        (await App.Smtp.WaitForAsync("karl@example.org", 2))[1].Subject.ShouldBe("You are invited to the Community Agreement");
        await SignInAsync(await LinkAsync("karl@example.org", 2));

        (await Api.PostAsync($"/participants/{karl}/invitation", other.Token)).ShouldBeProblem(HttpStatusCode.NotFound); // a facilitator of another agreement
        (await Api.PostAsync($"/participants/{stranger}/invitation", facilitator.Token)).ShouldBeProblem(HttpStatusCode.NotFound); // in none of their agreements
        (await Api.PostAsync($"/participants/{Guid.NewGuid()}/invitation", facilitator.Token)).ShouldBeProblem(HttpStatusCode.NotFound);
        (await Api.PostAsync($"/participants/{Guid.NewGuid()}/invitation", Scenarios.Admin)).ShouldBeProblem(HttpStatusCode.NotFound);
        (await ServiceDatabase.UntilQuietAsync(App.ConnectionString, TimeSpan.FromSeconds(30))).ShouldBeTrue("the service settled");
        App.Smtp.To("karl@example.org").Count.ShouldBe(2, "refused requests send nothing");
        App.Smtp.To("sara@example.org").ShouldBeEmpty();
    }

    [GeneratedRegex(@"/sign-in/(agr_[A-Za-z0-9_-]+)")]
    private static partial Regex Link();
}
