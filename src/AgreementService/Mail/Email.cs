using System.Text;

namespace AgreementService.Mail;

/// <summary>
/// One email to one person. Published in the transaction of what caused it (Wolverine's durable outbox: return it, or
/// add it to <c>OutgoingMessages</c>), so it goes only for a change that committed and survives a restart; sent once
/// by <see cref="SendEmailHandler"/>, which records each <see cref="Id"/> (also its Message-Id). Build the words with
/// <see cref="EmailBody"/> from <see cref="Emails"/> (Mail/Emails.resx), never by hand.
/// </summary>
/// <param name="Id">Names the email: the same id is never sent twice.</param>
/// <param name="To">The address.</param>
/// <param name="ToName">The person's name, as the To header shows it.</param>
/// <param name="Subject">Short; no markup.</param>
/// <param name="Text">The plain-text body.</param>
/// <param name="Html">The same body as HTML, every text in it escaped.</param>
/// <param name="UnsubscribeUrl">One-click unsubscribe (RFC 8058) for notifications; null for what a person asked for (a sign-in link).</param>
/// <param name="Attachments">Files beside the body (a vote's deadline as iCalendar).</param>
public sealed record SendEmail(Guid Id, string To, string ToName, string Subject, string Text, string Html, string? UnsubscribeUrl = null,
    IReadOnlyList<EmailAttachment>? Attachments = null);

/// <summary>A file sent with an email: its name, media type ("text/calendar; method=PUBLISH") and text.</summary>
public sealed record EmailAttachment(string FileName, string MediaType, string Content);

/// <summary>
/// An email's body, in plain text and HTML from the same parts: paragraphs, an optional button-like link, and a footer.
/// Every text is escaped in the HTML: names, titles and clause texts are never markup.
/// </summary>
public static class EmailBody
{
    public static (string Text, string Html) Of(IEnumerable<string> paragraphs, (string Label, string Url)? action = null, string? footer = null)
    {
        var parts = paragraphs.ToList();
        var text = new StringBuilder();
        var html = new StringBuilder("<!doctype html><html><body style=\"font-family:sans-serif;line-height:1.5;max-width:36em\">");
        foreach (var paragraph in parts)
        {
            text.Append(paragraph).Append("\n\n");
            html.Append("<p>").Append(Escape(paragraph).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>");
        }

        if (action is var (label, url))
        {
            text.Append(label).Append(":\n").Append(url).Append("\n\n");
            html.Append("<p><a href=\"").Append(Escape(url)).Append("\" style=\"font-weight:bold\">").Append(Escape(label)).Append("</a></p>");
        }

        if (footer is not null)
        {
            text.Append("-- \n").Append(footer).Append('\n');
            html.Append("<hr><p style=\"font-size:smaller;color:#555\">").Append(Escape(footer).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>");
        }

        html.Append("</body></html>");
        return (text.ToString().TrimEnd() + "\n", html.ToString());
    }

    /// <summary>One of <see cref="Emails"/>' texts with its <c>{0}</c>, <c>{1}</c>… filled in.</summary>
    public static string Fill(string format, params object[] values) => string.Format(System.Globalization.CultureInfo.InvariantCulture, format, values);

    private static string Escape(string text) => Infrastructure.Html.Escape(text);
}
