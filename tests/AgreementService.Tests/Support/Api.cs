using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgreementService.Tests.Support;

/// <summary>Drives the HTTP API as a client would: tokens, JSON bodies, problem+json answers.</summary>
public sealed class Api(HttpClient client)
{
    public async Task<Response> SendAsync(HttpMethod method, string url, string? token = null, object? json = null,
        string? rawBody = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }
        else if (rawBody is not null)
        {
            request.Content = new StringContent(rawBody, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return await SendAsync(request);
    }

    /// <summary>Sends the request and checks the exchange against the committed OpenAPI document (<see cref="Contract"/>).</summary>
    public async Task<Response> SendAsync(HttpRequestMessage request)
    {
        var sent = request.Content is null ? null : await request.Content.ReadAsStringAsync();
        using var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var answer = new Response(response.StatusCode, response.Content.Headers.ContentType?.MediaType, Encoding.UTF8.GetString(bytes), response.Headers,
            response.Content.Headers) { Bytes = bytes };
        Contract.Check(request, sent, answer);
        return answer;
    }

    public Task<Response> GetAsync(string url, string? token = null) => SendAsync(HttpMethod.Get, url, token);

    public Task<Response> PostAsync(string url, string? token, object? json = null) => SendAsync(HttpMethod.Post, url, token, json);

    public Task<Response> DeleteAsync(string url, string? token) => SendAsync(HttpMethod.Delete, url, token);
}

public sealed record Response(HttpStatusCode Status, string? MediaType, string Body, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders)
{
    /// <summary>The body as it came (a PDF, a Word document), where <see cref="Body"/> reads it as UTF-8.</summary>
    public byte[] Bytes { get; init; } = [];

    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("The body is JSON null.");

    public string this[string field] => Json[field]!.GetValue<string>();

    public Response ShouldBe(HttpStatusCode status)
    {
        Status.ShouldBe(status, Body);
        return this;
    }

    /// <summary>
    /// An RFC 9457 problem with the one <c>type</c> of its status, a title and a detail that says what to do, and no
    /// word of .NET in anything it says.
    /// </summary>
    public JsonNode ShouldBeProblem(HttpStatusCode status)
    {
        ShouldBe(status);
        MediaType.ShouldBe("application/problem+json", Body);
        var problem = Json;
        problem["status"]!.GetValue<int>().ShouldBe((int)status);
        problem["type"]!.GetValue<string>().ShouldBe(ProblemType(status), Body);
        problem["title"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        problem["detail"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        ShouldBePlainWords(problem);
        return problem;
    }

    /// <summary>A problem's <c>type</c>: where its status code is defined, in RFC 9110 (RFC 6585 for 429).</summary>
    public static string ProblemType(HttpStatusCode status) => (int)status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        401 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        403 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        404 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        405 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6",
        406 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.7",
        409 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        415 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16",
        422 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21",
        429 => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        500 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1",
        503 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a status this service answers with a problem."),
    };

    /// <summary>What a problem says (title, detail, errors) is for people: no .NET type, namespace or serializer position.</summary>
    public static void ShouldBePlainWords(JsonNode problem)
    {
        var said = new[] { problem["title"], problem["detail"] }.Concat(problem["errors"]?.AsObject().SelectMany(e => e.Value!.AsArray()) ?? [])
            .Select(n => n?.GetValue<string>() ?? "");
        foreach (var text in said)
        {
            foreach (var word in new[] { "AgreementService.", "System.", "Microsoft.", ".NET", "Path: $", "LineNumber", "BytePositionInLine" })
            {
                text.ShouldNotContain(word, Case.Sensitive, $"A problem names what only the code knows: {text}");
            }
        }
    }

    /// <summary>The body read as one of the service's own response types, with its JSON settings.</summary>
    /// <summary>A problem of that status, and the detail it gives the caller (what to do).</summary>
    public string ShouldRefuse(HttpStatusCode status) => ShouldBeProblem(status)["detail"]!.GetValue<string>();

    public T As<T>() => JsonSerializer.Deserialize<T>(Body, ServiceJson)!;

    private static readonly JsonSerializerOptions ServiceJson = Serialisation();

    private static JsonSerializerOptions Serialisation()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        AgreementService.Infrastructure.Json.Configure(options);
        return options;
    }
}
