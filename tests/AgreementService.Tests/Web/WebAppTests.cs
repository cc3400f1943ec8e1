using System.Net;
using AgreementService.Tests.Support;

namespace AgreementService.Tests.Web;

/// <summary>The web app's frame: sign-in by the form, home, antiforgery on forms, the pages' security headers.</summary>
public sealed class WebAppTests(AppFixture app) : IntegrationContext(app)
{
    [Fact]
    public async Task a_visitor_opening_home_is_sent_to_the_sign_in_form_and_comes_back_home_signed_in()
    {
        var facilitator = await Api.PersonAsync("Fatima Diallo");
        await Api.AgreementAsync(facilitator);
        var email = (await Api.GetAsync($"/participants/{facilitator.Id}", Scenarios.Admin)).Json["email"]!.GetValue<string>();
        var browser = new Pages(App.Host);

        (await browser.GetAsync("/")).ShouldBe(HttpStatusCode.SeeOther).Location.ShouldStartWith("/app/sign-in");
        await browser.SignInAsync(App.Smtp, email);

        var home = (await browser.GetAsync("/")).ShouldBe(HttpStatusCode.OK).Html;
        home.ShouldContain("<h1>Home</h1>");
        home.ShouldContain("Fatima Diallo");
        home.ShouldContain("Community Agreement</a>");
        home.ShouldContain("facilitator");
    }

    [Fact]
    public async Task home_shows_the_votes_i_have_not_cast_and_the_replies_i_have_not_answered()
    {
        var c = await Api.CommunityAsync();
        (await Api.RulesAsync(c, minDiscussionHours: 0)).ShouldBe(HttpStatusCode.OK);
        var proposal = await Api.ProposalAsync(c, new { op = "add", text = "A new clause." });
        var comment = (await Api.PostAsync($"/proposals/{proposal}/comments", c.Member.Token, new { body = "Is this clear enough?" })).ShouldBe(HttpStatusCode.Created)["id"];
        (await Api.PostAsync($"/proposals/{proposal}/comments", c.Facilitator.Token, new { body = "<b>Yes</b>, it is.", replyTo = comment })).ShouldBe(HttpStatusCode.Created);
        var voted = await Api.ProposalAsync(c, new { op = "add", text = "Another clause." });
        await Api.CallVoteAsync(c, voted);
        var browser = new Pages(App.Host);
        await browser.SignInAsync(App.Smtp, (await Api.GetAsync($"/participants/{c.Member.Id}", Scenarios.Admin)).Json["email"]!.GetValue<string>());

        var home = (await browser.GetAsync("/")).ShouldBe(HttpStatusCode.OK).Html;

        home.ShouldContain($"href=\"/app/proposals/{voted}#vote\"");
        home.ShouldContain($"href=\"/app/proposals/{proposal}#comment-");
        home.ShouldContain("replied to your comment on");
        home.ShouldNotContain("Nothing waits for you");

        (await Api.PostAsync($"/proposals/{proposal}/comments", c.Member.Token, new { body = "Thanks.", replyTo = comment })).ShouldBe(HttpStatusCode.Created);
        (await browser.GetAsync("/")).Html.ShouldNotContain("replied to your comment on");
    }

    [Fact]
    public async Task a_page_opened_before_signing_in_is_where_the_emailed_link_leads_and_only_a_page_of_this_service()
    {
        var facilitator = await Api.PersonAsync("Fatima Diallo");
        var agreement = await Api.AgreementAsync(facilitator);
        var email = (await Api.GetAsync($"/participants/{facilitator.Id}", Scenarios.Admin)).Json["email"]!.GetValue<string>();
        var browser = new Pages(App.Host);

        var signIn = (await browser.GetAsync($"/app/agreements/{agreement}")).ShouldBe(HttpStatusCode.SeeOther).Location!;
        (await browser.SignInAsync(App.Smtp, email, signIn)).ShouldBe($"/app/agreements/{agreement}");

        var elsewhere = new Pages(App.Host);
        (await elsewhere.SignInAsync(App.Smtp, email, "/app/sign-in?then=" + Uri.EscapeDataString("//evil.example/app"))).ShouldBe("/");
    }

    [Fact]
    public async Task the_sign_in_form_shows_the_apis_refusal_beside_the_field_and_sends_nothing()
    {
        var browser = new Pages(App.Host);

        var page = (await browser.SubmitAsync("/app/sign-in", "/app/sign-in", new() { ["email"] = "not-an-address" })).ShouldBe(HttpStatusCode.BadRequest).Html;

        page.ShouldContain("<p class=\"error\" id=\"email-error\">&#x27;email&#x27; is not a valid email address.</p>");
        page.ShouldContain("aria-invalid=\"true\"");
        page.ShouldContain("value=\"not-an-address\"");
        App.Smtp.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_form_posted_without_its_antiforgery_token_is_refused_and_changes_nothing()
    {
        var person = await Api.PersonAsync("Ana Lima");
        var email = (await Api.GetAsync($"/participants/{person.Id}", Scenarios.Admin)).Json["email"]!.GetValue<string>();

        (await new Pages(App.Host).PostAsync("/app/sign-in", new() { ["email"] = email })).ShouldBe(HttpStatusCode.BadRequest).Html
            .ShouldContain("This form has expired");

        App.Smtp.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task pages_carry_a_strict_content_security_policy_and_load_only_their_own_stylesheet()
    {
        var browser = new Pages(App.Host);
        var response = (await browser.GetAsync("/app/sign-in")).ShouldBe(HttpStatusCode.OK);

        response.Headers.GetValues("Content-Security-Policy").Single().ShouldBe(AgreementService.Infrastructure.SecurityHeaders.PagePolicy);
        response.Html.ShouldContain("<link rel=\"stylesheet\" href=\"/app/app.css\">");
        response.Html.ShouldNotContain("<script");
        response.Html.ShouldContain("<html lang=\"en\">");
        (await browser.GetAsync("/app/app.css")).ShouldBe(HttpStatusCode.OK).MediaType.ShouldBe("text/css");
    }
}
