using System.Text.Encodings.Web;
using AgreementService.Infrastructure;
using AgreementService.Participants;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AgreementService.Access;

/// <summary>
/// A signed-in browser: the web app's session, begun by following an emailed link. The cookie holds a random secret;
/// only its SHA-256 is stored (the id). Sliding: it ends after <see cref="Idle"/> unused, and <see cref="Longest"/>
/// after it began however much it is used.
/// </summary>
public sealed record BrowserSession(string Id, Guid SessionId, Guid ParticipantId, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, string? UserAgent)
{
    public static readonly TimeSpan Idle = TimeSpan.FromDays(14);
    public static readonly TimeSpan Longest = TimeSpan.FromDays(90);

    /// <summary>Seen again within this long, the session is not written again: one write at most per five minutes of use.</summary>
    public static readonly TimeSpan Touch = TimeSpan.FromMinutes(5);

    public DateTimeOffset Ends() => LastSeenAt + Idle < CreatedAt + Longest ? LastSeenAt + Idle : CreatedAt + Longest;

    public static (BrowserSession Session, string Secret) Begin(Guid participantId, string? userAgent, DateTimeOffset now)
    {
        var secret = Tokens.NewToken();
        return (new BrowserSession(Tokens.Hash(secret), Guid.CreateVersion7(), participantId, now, now, userAgent is { Length: > 300 } ? userAgent[..300] : userAgent), secret);
    }
}

/// <summary>The session cookie: HttpOnly, SameSite=Lax, Secure when the request came over HTTPS (through a trusted proxy too).</summary>
public static class SessionCookie
{
    public const string Name = "agreements_session";

    /// <summary>Where the authenticated request's session id is kept, so that lists can mark the current one.</summary>
    public const string CurrentKey = "agreements.session";

    public static void Write(HttpContext context, string secret, DateTimeOffset ends)
    {
        var options = Options(context);
        options.Expires = ends;
        options.IsEssential = true;
        context.Response.Cookies.Append(Name, secret, options);

        // The answer now carries the session's secret: no shared cache may keep it, even when the endpoint calls its body
        // public (a public agreement's document, "public, max-age=31536000, immutable"), or the next visitor gets the session.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
    }

    public static void Clear(HttpContext context) => context.Response.Cookies.Delete(Name, Options(context));

    private static CookieOptions Options(HttpContext context) =>
        new() { HttpOnly = true, Secure = context.Request.IsHttps, SameSite = SameSiteMode.Lax, Path = "/" };

    /// <summary>The session of the request's cookie (whether or not it still holds), or null.</summary>
    public static string? Hash(HttpContext context) =>
        context.Request.Cookies.TryGetValue(Name, out var secret) && !string.IsNullOrEmpty(secret) ? Tokens.Hash(secret) : null;
}

/// <summary>
/// The session cookie, as the second way to authenticate (a bearer token, when sent, is the first): the principal
/// carries what a bearer token of the same participant would. A cookie that is unknown, revoked or ended is no
/// authentication at all (401 where one is needed). A change (POST, PUT, DELETE) made with the cookie must come with an
/// Origin header naming this service, so another site, even on a sibling domain SameSite=Lax lets through, cannot
/// make one (cross-site request forgery).
/// </summary>
internal sealed class SessionAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDocumentStore store,
    Administrators administrators,
    Mail.MailSettings mail,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Session";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (SessionCookie.Hash(Context) is not { } hash)
        {
            return AuthenticateResult.NoResult();
        }

        if (RateLimits.IsWrite(Request) && !FromThisService())
        {
            return AuthenticateResult.Fail("A change made with the session cookie must come from this service's own pages (Origin).");
        }

        await using var session = store.LightweightSession();
        var now = clock.GetUtcNow();
        if (await session.LoadAsync<BrowserSession>(hash, Context.RequestAborted) is not { } browser || now >= browser.Ends()
            || await session.LoadAsync<Participant>(browser.ParticipantId, Context.RequestAborted) is not { } participant)
        {
            return AuthenticateResult.Fail("The session has ended. Sign in again.");
        }

        if (now - browser.LastSeenAt >= BrowserSession.Touch)
        {
            browser = browser with { LastSeenAt = now };
            session.Store(browser);
            await session.SaveChangesAsync(Context.RequestAborted);
            SessionCookie.Write(Context, Request.Cookies[SessionCookie.Name]!, browser.Ends());
        }

        Context.Items[SessionCookie.CurrentKey] = browser.SessionId;
        return AuthenticateResult.Success(new AuthenticationTicket(administrators.Principal(participant, SchemeName), SchemeName));
    }

    private bool FromThisService()
    {
        string? origin = Request.Headers.Origin;
        return origin is not null && (string.Equals(origin, $"{Request.Scheme}://{Request.Host}", StringComparison.OrdinalIgnoreCase)
            || string.Equals(origin, mail.PublicUrl.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase));
    }
}
