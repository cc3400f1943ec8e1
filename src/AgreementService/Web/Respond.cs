using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgreementService.Web;

/// <summary>How a page answers: a rendered component, a redirect after a form (303, so the browser GETs the result), or the sign-in page.</summary>
public static class Respond
{
    public static IResult Show<TPage>(object parameters, int status = StatusCodes.Status200OK) where TPage : IComponent =>
        new RazorComponentResult<TPage>(parameters) { StatusCode = status, ContentType = "text/html; charset=utf-8" };

    /// <summary>After a form: the page to show next, with what was done said once at its top.</summary>
    public static IResult SeeOther(string location, string? notice = null) =>
        new SeeOtherResult(notice is null ? location : QueryString(location, "notice", notice));

    /// <summary>
    /// A page that needs a signed-in person, opened without one: the sign-in form, which comes back here after, or to
    /// <paramref name="then"/> (a download comes back to the page that links to it: a file saved as the sign-in
    /// completes would leave the person on the sign-in page).
    /// </summary>
    public static IResult SignInFirst(HttpContext context, string? then = null) =>
        new SeeOtherResult(QueryString("/app/sign-in", "then", then ?? context.Request.Path + context.Request.QueryString));

    /// <summary>A page for signed-in people: <paramref name="page"/> for the person signed in, else the sign-in form (which comes back).</summary>
    public static async Task<IResult> SignedInAsync(HttpContext context, Func<Viewer, Task<IResult>> page) =>
        Viewer.Of(context.User) is { } viewer ? await page(viewer) : SignInFirst(context);

    /// <summary>
    /// Remembers, in this browser, the page a person wanted when asked to sign in, so that the emailed link brings them
    /// back to it (when opened in the same browser; elsewhere it opens the home page).
    /// </summary>
    public static void RememberThen(HttpContext context, string? then)
    {
        if (then is not null && Then(then) != "/")
        {
            context.Response.Cookies.Append(ThenCookie, then, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps, MaxAge = TimeSpan.FromHours(1), Path = "/",
            });
        }
    }

    /// <summary>Where a new session goes: the page remembered by <see cref="RememberThen"/>, else home.</summary>
    public static IResult AfterSignIn(HttpContext context)
    {
        var then = Then(context.Request.Cookies[ThenCookie]);
        context.Response.Cookies.Delete(ThenCookie, new CookieOptions { Path = "/" });
        return new SeeOtherResult(then);
    }

    private const string ThenCookie = "agreements_then";

    /// <summary>The page that was asked for after sign-in, if it is one of this service's (never another site).</summary>
    public static string Then(string? then) =>
        then is { Length: > 0 } && then[0] == '/' && !then.StartsWith("//", StringComparison.Ordinal) && !then.StartsWith("/\\", StringComparison.Ordinal) ? then : "/";

    /// <summary>The location with one more query parameter, before its fragment ("/app/x?notice=…#part").</summary>
    private static string QueryString(string location, string name, string value)
    {
        var (path, fragment) = location.IndexOf('#') is var hash and >= 0 ? (location[..hash], location[hash..]) : (location, "");
        return path + (path.Contains('?') ? '&' : '?') + name + "=" + Uri.EscapeDataString(value) + fragment;
    }

    /// <summary>
    /// Every form's POST carries the antiforgery token its page was rendered with: a form on another site cannot act with
    /// the session cookie (which SameSite=Lax and the Origin check already make hard).
    /// </summary>
    public static RouteGroupBuilder RequireAntiforgery(this RouteGroupBuilder group) => group.AddEndpointFilter(async (context, next) =>
    {
        var http = context.HttpContext;
        if (HttpMethods.IsPost(http.Request.Method) && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
        {
            return Show<Pages.Refused>(new { Viewer = Viewer.Of(http.User) }, StatusCodes.Status400BadRequest);
        }

        return await next(context);
    });
}

/// <summary>303 See Other: after a POST, the browser GETs the page named.</summary>
public sealed class SeeOtherResult(string location) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        httpContext.Response.Headers.Location = location;
        return Task.CompletedTask;
    }
}
