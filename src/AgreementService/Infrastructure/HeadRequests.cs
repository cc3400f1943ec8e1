namespace AgreementService.Infrastructure;

/// <summary>
/// A HEAD request is answered by the same endpoint code as GET, so with the same status and headers (Content-Length
/// and ETag included), and never with a body (RFC 9110 §9.3.2), whatever the server: Kestrel drops a HEAD's body
/// itself, other servers (the in-memory test server among them) send it.
/// </summary>
public static class HeadRequests
{
    public static IApplicationBuilder UseBodilessHead(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.Body = Stream.Null;
        }

        return next(context);
    });
}
