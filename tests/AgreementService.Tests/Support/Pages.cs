using System.Net;
using System.Text.RegularExpressions;
using Alba;

namespace AgreementService.Tests.Support;

/// <summary>A page as the service answered it: its status, HTML and (for a redirect) where it sends the browser.</summary>
public sealed record PageResponse(HttpStatusCode Status, string Html, string? Location, System.Net.Http.Headers.HttpResponseHeaders Headers, string? MediaType)
{
    public PageResponse ShouldBe(HttpStatusCode status)
    {
        Status.ShouldBe(status, Html.Length > 2000 ? Html[..2000] : Html);
        return this;
    }
}

/// <summary>
/// A person's browser at the level of HTTP, on the test host: it keeps its cookies, reads forms' antiforgery tokens and
/// posts forms as a browser does (form-encoded, with this service's Origin). For what the pages say and do; the journeys
/// in a real Chromium are tests of their own.
/// </summary>
public sealed partial class Pages(IAlbaHost host)
{
    public const string Origin = "http://localhost";
    private readonly HttpClient _client = new(new Cookies(new CookieContainer()) { InnerHandler = host.Server.CreateHandler() })
    {
        BaseAddress = new Uri(Origin),
    };

    /// <summary>
    /// Signs in as a browser does: asks for a link on the sign-in page (<paramref name="form"/>, which may name the page
    /// to return to), reads it from the email, opens it, presses the button. Answers where the button sent the browser.
    /// </summary>
    public async Task<string> SignInAsync(Smtp smtp, string email, string form = "/app/sign-in")
    {
        var before = smtp.To(email).Count;
        (await SubmitAsync(form, "/app/sign-in", new() { ["email"] = email })).ShouldBe(HttpStatusCode.OK);
        // Other emails (a notification of being added, of a vote) may arrive meanwhile: the sign-in link is in the first that has one.
        Match Found() => smtp.To(email).Skip(before).Select(m => SignInLink().Match(m.TextBody ?? "")).FirstOrDefault(m => m.Success) ?? Match.Empty;
        (await Poll.UntilAsync(() => Found().Success, TimeSpan.FromSeconds(30))).ShouldBeTrue($"no sign-in link came to {email}");
        var link = new Uri(Found().Value);
        (await GetAsync(link.AbsolutePath)).ShouldBe(HttpStatusCode.OK);
        return (await PostAsync(link.AbsolutePath, [])).ShouldBe(HttpStatusCode.SeeOther).Location!;
    }

    public async Task<PageResponse> GetAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        return await ReadAsync(response);
    }

    /// <summary>Follows a download link: the file's bytes, type and name (Content-Disposition), or the page that refuses it.</summary>
    public async Task<(HttpStatusCode Status, string? MediaType, string? FileName, byte[] Bytes)> DownloadAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentDisposition?.FileName,
            await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Opens <paramref name="page"/>, fills the form whose action is <paramref name="action"/> with <paramref name="fields"/> (and its antiforgery token), and posts it.</summary>
    public async Task<PageResponse> SubmitAsync(string page, string action, Dictionary<string, string> fields)
    {
        var html = (await GetAsync(page)).ShouldBe(HttpStatusCode.OK).Html;
        var form = Regex.Match(html, $"<form[^>]*action=\"{Regex.Escape(WebUtility.HtmlEncode(action))}\"[^>]*>(.*?)</form>", RegexOptions.Singleline);
        form.Success.ShouldBeTrue($"no form posts to {action} on {page}");
        var token = AntiforgeryToken().Match(form.Groups[1].Value);
        token.Success.ShouldBeTrue($"the form posting to {action} has no antiforgery token");
        return await PostAsync(action, new Dictionary<string, string>(fields) { ["_antiforgery"] = WebUtility.HtmlDecode(token.Groups[1].Value) });
    }

    /// <summary>Posts a form as it stands, without reading a page first (for refusals: a missing token, a forged one).</summary>
    public async Task<PageResponse> PostAsync(string action, Dictionary<string, string> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Origin", Origin);
        using var response = await _client.SendAsync(request);
        return await ReadAsync(response);
    }

    private static async Task<PageResponse> ReadAsync(HttpResponseMessage response) =>
        new(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString, response.Headers,
            response.Content.Headers.ContentType?.MediaType);

    [GeneratedRegex(@"https?://\S+/sign-in/[A-Za-z0-9_-]+")]
    private static partial Regex SignInLink();

    [GeneratedRegex("name=\"_antiforgery\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    /// <summary>Cookies as a browser keeps them (the test server's handler keeps none).</summary>
    private sealed class Cookies(CookieContainer jar) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var uri = request.RequestUri!.IsAbsoluteUri ? request.RequestUri : new Uri(new Uri(Origin), request.RequestUri);
            if (jar.GetCookieHeader(uri) is { Length: > 0 } header)
            {
                request.Headers.Add("Cookie", header);
            }

            var response = await base.SendAsync(request, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
            {
                foreach (var cookie in cookies)
                {
                    jar.SetCookies(uri, cookie);
                }
            }

            return response;
        }
    }
}
