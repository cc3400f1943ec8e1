namespace AgreementService.Infrastructure;

/// <summary>
/// What every response tells the browser: never guess a content type, send no referrer (the web app's pages: only to
/// this service, so that their forms carry its Origin), and — for everything but the
/// public reads partners embed and the Swagger UI — load nothing and be framed by no one. An answer to a request that
/// carried credentials is never stored by a cache unless it says otherwise. HSTS is added under HTTPS.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>The sign-in and unsubscribe pages: the web app's stylesheet, and one button that posts to the page itself; nothing else is allowed.</summary>
    public const string FormPolicy = "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /// <summary>
    /// The web app's pages: their own stylesheet and script, forms posting to this service, nothing inline, nothing from
    /// elsewhere, framed by no one.
    /// </summary>
    public const string PagePolicy =
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        app.UseHsts();
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                var path = context.Request.Path;
                if (path.StartsWithSegments("/sign-in"))
                {
                    // The sign-in page's one form posts to itself; its link is a secret, so nothing of it is stored.
                    headers.ContentSecurityPolicy = FormPolicy;
                    headers.CacheControl = "no-store";
                }
                else if (path == "/" || path.StartsWithSegments("/app"))
                {
                    headers.ContentSecurityPolicy = PagePolicy;
                    // A form posted under no-referrer carries "Origin: null" (the Fetch standard), and the session cookie
                    // acts only with this service's Origin: the pages' own forms must name it. Other sites still get nothing.
                    headers["Referrer-Policy"] = "same-origin";
                }
                else if (!path.StartsWithSegments("/public") && !path.StartsWithSegments("/embed.js") && !path.StartsWithSegments("/swagger"))
                {
                    headers.ContentSecurityPolicy = path.StartsWithSegments("/unsubscribe") ? FormPolicy : ContentSecurityPolicy;
                }

                if ((context.Request.Headers.Authorization.Count > 0 || context.Request.Headers.Cookie.Count > 0) && headers.CacheControl.Count == 0)
                {
                    headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
