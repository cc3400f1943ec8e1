using System.Text.Json;
using AgreementService.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Template;

namespace AgreementService.Web;

/// <summary>What an API call answered: the value on success, else the problem in the API's own words.</summary>
public sealed record Answer<T>(int Status, T? Value, Problem? Problem)
{
    public bool Succeeded => Problem is null;
}

/// <summary>A refusal as the API wrote it: its detail and, for invalid input, the messages per field (by JSON name).</summary>
public sealed record Problem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public string? For(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}

/// <summary>
/// The web app's pages run the API's own endpoints, in this process: the same access rules, validation and domain rules
/// (one place for each), the same transaction and outbox, the same error messages. A call is a request handed straight to
/// the endpoint that routing would choose, as the signed-in person, with a JSON body; no HTTP, no second copy of a rule.
/// </summary>
public sealed class ApiCalls(EndpointDataSource endpoints, IServiceScopeFactory scopes)
{
    private static readonly JsonSerializerOptions JsonOptions = CreateJsonOptions();

    private readonly Lazy<IReadOnlyList<(string Method, TemplateMatcher Matcher, int Parameters, RouteEndpoint Endpoint)>> _routes = new(() => endpoints.Endpoints
        .OfType<RouteEndpoint>()
        .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(method => (method,
            new TemplateMatcher(TemplateParser.Parse(e.RoutePattern.RawText!.TrimStart('/')), new RouteValueDictionary()), e.RoutePattern.Parameters.Count, e)))
        .OrderBy(r => r.Item3)
        .ToList());

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Json.Configure(options);
        options.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip;
        return options;
    }

    public Task<Answer<T>> GetAsync<T>(HttpContext page, string path) => SendAsync<T>(page, HttpMethods.Get, path, null);

    public Task<Answer<T>> PostAsync<T>(HttpContext page, string path, object? body) => SendAsync<T>(page, HttpMethods.Post, path, body);

    public Task<Answer<T>> PutAsync<T>(HttpContext page, string path, object? body) => SendAsync<T>(page, HttpMethods.Put, path, body);

    public Task<Answer<T>> DeleteAsync<T>(HttpContext page, string path) => SendAsync<T>(page, HttpMethods.Delete, path, null);

    public async Task<Answer<T>> SendAsync<T>(HttpContext page, string method, string pathAndQuery, object? body)
    {
        var (status, response, _) = await ExchangeAsync(page, method, pathAndQuery, body, "application/json");
        if (status >= 400)
        {
            return new Answer<T>(status, default, ProblemIn(status, response));
        }

        var value = response.Length > 0 && typeof(T) != typeof(object) ? JsonSerializer.Deserialize<T>(response, JsonOptions) : default;
        return new Answer<T>(status, value, null);
    }

    /// <summary>
    /// A document the API renders by Accept (a PDF, a Word document, Akoma Ntoso), answered to the browser as the API
    /// answers it — its type, its file name — for a link cannot say what it accepts; or the API's refusal.
    /// </summary>
    public async Task<Answer<IResult>> DownloadAsync(HttpContext page, string path, string mediaType)
    {
        var (status, response, headers) = await ExchangeAsync(page, HttpMethods.Get, path, null, mediaType);
        if (status >= 400)
        {
            return new Answer<IResult>(status, null, ProblemIn(status, response));
        }

        page.Response.Headers.ContentDisposition = headers.ContentDisposition;
        page.Response.Headers.CacheControl = headers.CacheControl;
        return new Answer<IResult>(status, Results.Bytes(response.ToArray(), headers.ContentType), null);
    }

    private static Problem ProblemIn(int status, MemoryStream response)
    {
        var problem = response.Length > 0 ? JsonSerializer.Deserialize<ProblemBody>(response, JsonOptions) : null;
        return new Problem(status, problem?.Title ?? "", problem?.Detail, problem?.Errors ?? new Dictionary<string, string[]>());
    }

    /// <summary>Runs the endpoint for this method and path as the page's user, asking for <paramref name="accept"/>: its status, body and headers.</summary>
    private async Task<(int Status, MemoryStream Body, IHeaderDictionary Headers)> ExchangeAsync(HttpContext page, string method, string pathAndQuery,
        object? body, string accept)
    {
        var (path, query) = pathAndQuery.IndexOf('?') is var q and >= 0 ? (pathAndQuery[..q], pathAndQuery[q..]) : (pathAndQuery, "");
        var values = new RouteValueDictionary();
        var endpoint = _routes.Value.FirstOrDefault(r => r.Method == method && r.Matcher.TryMatch(path, values)).Endpoint
            ?? throw new InvalidOperationException($"No endpoint answers {method} {path}.");

        await using var scope = scopes.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider, User = page.User };
        var request = context.Request;
        request.Method = method;
        request.Scheme = page.Request.Scheme;
        request.Host = page.Request.Host;
        request.Path = path;
        request.QueryString = new QueryString(query);
        request.RouteValues = values;
        request.Headers.Accept = accept;
        if (body is not null)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), JsonOptions);
            request.ContentType = "application/json";
            request.ContentLength = bytes.Length;
            request.Body = new MemoryStream(bytes);
        }

        context.Connection.RemoteIpAddress = page.Connection.RemoteIpAddress;
        context.RequestAborted = page.RequestAborted;
        foreach (var (key, item) in page.Items)
        {
            context.Items[key] = item;
        }

        var response = new MemoryStream();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(response));
        context.SetEndpoint(endpoint);
        await AuthorizedAsync(context, endpoint);

        // What the endpoint wrote for the browser (a new or cleared session cookie) goes to the page's answer.
        foreach (var cookie in context.Response.Headers.SetCookie)
        {
            page.Response.Headers.Append("Set-Cookie", cookie);
        }

        response.Position = 0;
        return (context.Response.StatusCode, response, context.Response.Headers);
    }

    /// <summary>
    /// Runs the endpoint as the API's authorization middleware would let it run (a call made here does not pass through
    /// the middleware): its policies — [Authorize(Policy = ...)], Wolverine's authorization on every endpoint — decided for
    /// the page's user, and a refusal answered by the API's own 401 or 403.
    /// </summary>
    private static async Task AuthorizedAsync(HttpContext context, RouteEndpoint endpoint)
    {
        var services = context.RequestServices;
        var policy = await AuthorizationPolicy.CombineAsync(services.GetRequiredService<IAuthorizationPolicyProvider>(),
            endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>());
        if (policy is null || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            await endpoint.RequestDelegate!(context);
            return;
        }

        var user = context.User;
        var authenticated = user.Identity is { IsAuthenticated: true } identity
            ? AuthenticateResult.Success(new AuthenticationTicket(user, identity.AuthenticationType ?? ""))
            : AuthenticateResult.NoResult();
        var result = await services.GetRequiredService<IPolicyEvaluator>().AuthorizeAsync(policy, authenticated, context, context);
        await services.GetRequiredService<IAuthorizationMiddlewareResultHandler>().HandleAsync(endpoint.RequestDelegate!, context, policy, result);
    }

    private sealed record ProblemBody(string? Title, string? Detail, Dictionary<string, string[]>? Errors);
}
