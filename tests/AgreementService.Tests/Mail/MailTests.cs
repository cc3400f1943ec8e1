using AgreementService.Mail;
using AgreementService.Tests.Support;
using Marten;
using Wolverine;

namespace AgreementService.Tests.Mail;

/// <summary>Emails go through Wolverine's durable outbox to a real SMTP server, once each, escaped, with what RFC 8058 asks.</summary>
public sealed class MailTests(AppFixture app) : IntegrationContext(app)
{
    private static SendEmail Email(string to, string name = "Ana <b>Ionescu</b>", string? unsubscribe = "https://agreements.test/unsubscribe/abc")
    {
        var (text, html) = EmailBody.Of([string.Format(System.Globalization.CultureInfo.InvariantCulture, Emails.Greeting, name), "A clause says <script>alert(1)</script> & more."],
            ("Open it", "https://agreements.test/proposals/1?a=1&b=2"), Emails.Footer);
        return new SendEmail(Guid.CreateVersion7(), to, name, "A proposal & its <title>", text, html, unsubscribe,
            [new EmailAttachment("deadline.ics", "text/calendar; method=PUBLISH", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")]);
    }

    [Fact]
    public async Task an_email_reaches_the_smtp_server_with_both_bodies_escaped_and_the_one_click_unsubscribe()
    {
        var email = Email("ana@example.org");
        using var scope = App.Host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().PublishAsync(email);

        var message = (await App.Smtp.WaitForAsync("ana@example.org")).ShouldHaveSingleItem();
        message.Subject.ShouldBe("A proposal & its <title>");
        message.MessageId.ShouldBe($"{email.Id}@agreements.test");
        message.From.Mailboxes.Single().Address.ShouldBe("agreements@agreements.test");
        message.To.Mailboxes.Single().Name.ShouldBe("Ana <b>Ionescu</b>");
        message.Headers["List-Unsubscribe"].ShouldBe("<https://agreements.test/unsubscribe/abc>");
        message.Headers["List-Unsubscribe-Post"].ShouldBe("List-Unsubscribe=One-Click");
        message.Headers["Auto-Submitted"].ShouldBe("auto-generated");
        var text = message.TextBody.ShouldNotBeNull();
        text.ShouldContain("Hello Ana <b>Ionescu</b>,");
        text.ShouldContain("https://agreements.test/proposals/1?a=1&b=2");
        var html = message.HtmlBody.ShouldNotBeNull();
        html.ShouldContain("Hello Ana &lt;b&gt;Ionescu&lt;/b&gt;,");
        html.ShouldNotContain("<script>");
        html.ShouldContain("href=\"https://agreements.test/proposals/1?a=1&amp;b=2\"");
        message.Attachments.Single().ContentType.MimeType.ShouldBe("text/calendar");
    }

    [Fact]
    public async Task an_email_delivered_twice_is_sent_once()
    {
        var email = Email("twice@example.org", unsubscribe: null);
        using var scope = App.Host.Services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        await bus.InvokeAsync(email);
        await bus.InvokeAsync(email); // a redelivery, as after a crash between sending and recording (both run to the end before returning)

        App.Smtp.To("twice@example.org").ShouldHaveSingleItem().Headers["List-Unsubscribe"].ShouldBeNull("what a person asked for has nothing to unsubscribe from");
        await using var session = App.Store.QuerySession();
        (await session.LoadAsync<SentEmail>(email.Id)).ShouldNotBeNull().To.ShouldBe("twice@example.org");
    }

    [Fact]
    public async Task a_server_that_refuses_for_a_while_gets_the_email_later_once()
    {
        App.Smtp.Refuse(times: 2);
        using var scope = App.Host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().PublishAsync(Email("later@example.org"));

        (await App.Smtp.WaitForAsync("later@example.org", limit: TimeSpan.FromSeconds(60))).ShouldHaveSingleItem();
        (await ServiceDatabase.UntilQuietAsync(App.ConnectionString, TimeSpan.FromSeconds(30))).ShouldBeTrue("the service settled");
        App.Smtp.To("later@example.org").Count.ShouldBe(1, "two refusals, then one delivery and nothing after it");
    }
}
