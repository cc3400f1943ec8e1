using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace AgreementService.Infrastructure;

/// <summary>Text put into HTML (emails, and the pages people open from them): markup's own characters escaped, no others.</summary>
public static class Html
{
    /// <summary>Greek, Cyrillic and “quotation marks” stay themselves; only what could be markup is escaped.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Escape(string text) => Encoder.Encode(text);

    /// <summary>
    /// A small page for a person who opened a link from an email (sign-in, unsubscribe): a heading and
    /// <paramref name="body"/> (HTML whose texts are escaped already), in the web app's stylesheet. No script.
    /// </summary>
    public static IResult Page(int status, string title, string body) => Results.Content(
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        $"<title>{Escape(title)} · Community Agreement</title><link rel=\"stylesheet\" href=\"/app/app.css\"></head>" +
        $"<body><header class=\"top\"><a class=\"product\" href=\"/\">Community Agreement</a></header><main id=\"main\"><h1>{Escape(title)}</h1>{body}</main></body></html>",
        "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
}
