using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AgreementService.Infrastructure;

/// <summary>
/// Every error this service answers is application/problem+json (RFC 9457) with a title and a detail that
/// says what to do, whoever raised it (a use case, FluentValidation, Wolverine reading a body, ASP.NET Core): all of
/// them are written here, with one <c>type</c> scheme (<see cref="TypeOf"/>) and one shape (<see cref="Problem"/>).
/// This is the one place that wording lives.
/// </summary>
public static class Problems
{
    public const long MaxBodyBytes = 1024 * 1024;
    public const string ContentType = "application/problem+json";

    /// <summary>The key in <c>errors</c> of the body as a whole (JSONPath's root); a field's key is its path without it.</summary>
    public const string Body = "$";

    public const string NoBody = "The request needs a JSON object as its body.";

    private const string InvalidDetail = "Some fields are missing or invalid; 'errors' names each one, by its JSON path, and what it needs.";

    public static ProblemDetails Create(int status, string? detail = null, string? title = null) => new()
    {
        Status = status,
        Title = title ?? DefaultTitle(status),
        Detail = detail,
        Type = TypeOf(status),
    };

    /// <summary>
    /// A problem's <c>type</c>: the definition of its status code, in the RFC that defines it, at the RFC Editor (ASP.NET
    /// Core's own default, at the canonical address). Problems are told apart by status and then by their extensions.
    /// </summary>
    public static string TypeOf(int status) => "https://www.rfc-editor.org/rfc/" + status switch
    {
        >= 400 and <= 417 => $"rfc9110#section-15.5.{status - 399}",
        421 or 422 => $"rfc9110#section-15.5.{status - 401}",
        426 => "rfc9110#section-15.5.22",
        429 => "rfc6585#section-4",
        >= 500 and <= 505 => $"rfc9110#section-15.6.{status - 499}",
        >= 500 => "rfc9110#section-15.6",
        _ => "rfc9110#section-15.5",
    };

    /// <summary>400 naming each field that is missing, invalid or unreadable by its JSON path: validation and binding alike.</summary>
    public static ProblemDetails Invalid(IDictionary<string, string[]> errors) => new HttpValidationProblemDetails(errors)
    {
        Status = StatusCodes.Status400BadRequest,
        Title = DefaultTitle(StatusCodes.Status400BadRequest),
        Detail = InvalidDetail,
        Type = TypeOf(StatusCodes.Status400BadRequest),
    };

    public static ProblemDetails NotFound(string what) =>
        Create(StatusCodes.Status404NotFound, $"No {what} with that id exists, or you may not see it. Check the id.");

    public static ProblemDetails Conflict(string detail) => Create(StatusCodes.Status409Conflict, detail);

    /// <summary>The first rule's refusal, or the next rule's answer when the first had none: rules read in the order they apply.</summary>
    public static ProblemDetails Then(this ProblemDetails first, Func<ProblemDetails> next) =>
        ReferenceEquals(first, Wolverine.Http.WolverineContinue.NoProblems) ? next() : first;

    public static ProblemDetails Unprocessable(string detail, string? title = null) =>
        Create(StatusCodes.Status422UnprocessableEntity, detail, title);

    /// <summary>
    /// Fills in what a bare status code leaves out (a title, a detail saying what to do, the request and trace) and
    /// puts the one <c>type</c> on every problem, whatever another library put there. A body that could not be read
    /// (<see cref="UnreadableBody"/>) becomes the 400 a validation failure is, its <c>errors</c> keyed by JSON path.
    /// </summary>
    public static void Complete(ProblemDetails problem, HttpContext context)
    {
        if (context.Features.Get<UnreadableBody>() is { } unreadable)
        {
            context.Features.Set<UnreadableBody?>(null);
            var json = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            // Wolverine's own answer names .NET types and the reader's line and byte: replaced, not amended.
            problem.Status = StatusCodes.Status400BadRequest;
            problem.Title = DefaultTitle(StatusCodes.Status400BadRequest);
            problem.Detail = InvalidDetail;
            problem.Extensions.Clear();
            problem.Extensions["errors"] = new Dictionary<string, string[]>([unreadable.Error(json, context.Request.ContentLength)]);
        }

        // Wolverine's refusal of a query value it cannot parse names the parameter, and the .NET type it wanted in its words.
        if (problem.Extensions.Remove("parameter", out var parameter) && parameter is string name)
        {
            var whole = problem.Detail?.EndsWith(" int", StringComparison.Ordinal) == true || problem.Detail?.EndsWith(" long", StringComparison.Ordinal) == true;
            problem.Title = DefaultTitle(StatusCodes.Status400BadRequest);
            problem.Detail = InvalidDetail;
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [name] = [whole ? $"'{name}' is a whole number." : $"That is not a value '{name}' takes."] };
        }

        var status = problem.Status ?? context.Response.StatusCode;
        problem.Status = status;
        problem.Title ??= DefaultTitle(status);
        problem.Type = TypeOf(status);
        problem.Detail ??= DefaultDetail(status, context);
        if (status == StatusCodes.Status413PayloadTooLarge)
        {
            problem.Detail = DefaultDetail(status, context); // one wording, whether the length said so or Kestrel found it while reading a chunked body
        }

        problem.Instance ??= context.Request.Path;
        problem.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? context.TraceIdentifier;
    }

    public static async Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        Complete(problem, context);
        context.Response.StatusCode = problem.Status!.Value;
        var json = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        await context.Response.WriteAsJsonAsync(problem, problem.GetType(), json, ContentType);
    }

    private static string DefaultTitle(int status) => status switch
    {
        400 => "The request is not valid",
        401 => "Authentication required",
        403 => "Not allowed",
        404 => "Not found",
        405 => "Method not allowed",
        406 => "Not acceptable",
        409 => "Conflict",
        413 => "Request body too large",
        415 => "Unsupported media type",
        422 => "The request cannot be applied",
        429 => "Too many requests",
        503 => "Service unavailable",
        _ when status >= 500 => "Something went wrong on our side",
        _ => "The request failed",
    };

    private static string DefaultDetail(int status, HttpContext context) => status switch
    {
        400 => "The request could not be read. Send a JSON body that matches the operation's schema (see /swagger).",
        401 => "Send a valid, unrevoked token in the header 'Authorization: Bearer <token>'.",
        403 => "Your token is valid, but this operation is reserved to the administrator.",
        404 => $"Nothing exists at {context.Request.Path}, or you may not see it. The routes are listed at /swagger.",
        405 => $"{context.Request.Method} is not supported on {context.Request.Path}. The methods each route accepts are listed at /swagger.",
        406 => "This resource is served as JSON: send 'Accept: application/json' (or no Accept header).",
        413 => $"The request body is larger than {MaxBodyBytes / 1024} KiB. Send a smaller body.",
        415 => "Send the request body as JSON with the header 'Content-Type: application/json'.",
        503 => "The database cannot be reached just now. Nothing was changed; try again shortly.",
        _ when status >= 500 => "The request failed unexpectedly and nothing was changed. If it happens again, report the traceId.",
        _ => "See /swagger for what this operation expects.",
    };

    public static IServiceCollection AddProblemResponses(this IServiceCollection services)
    {
        // Ahead of ASP.NET Core's writer, which would pass problems by when the Accept header leaves JSON out.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemDetailsWriter, ProblemWriter>());
        services.AddProblemDetails();
        services.AddExceptionHandler<ExceptionProblems>();
        services.LogUnreadableBodiesAsClientErrors();
        return services;
    }

    /// <summary>Turns bare status codes (unknown route, wrong method, unauthenticated…) and oversized bodies into problem details.</summary>
    public static IApplicationBuilder UseProblemResponses(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => WriteAsync(context.HttpContext, Create(context.HttpContext.Response.StatusCode)));
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > MaxBodyBytes)
            {
                await WriteAsync(context, Create(StatusCodes.Status413PayloadTooLarge));
                return;
            }

            // The nil id names nothing (and an event stream may not have it): 404 before any handler sees it.
            if (context.Request.RouteValues.Values.Any(v => v is string s && Guid.TryParse(s, out var id) && id == Guid.Empty))
            {
                await WriteAsync(context, Create(StatusCodes.Status404NotFound));
                return;
            }

            await next(context);
        });
        return app;
    }
}

/// <summary>Writes every problem that goes through <see cref="IProblemDetailsService"/> (Results.Problem, Wolverine) as <see cref="Problems.WriteAsync"/> does.</summary>
internal sealed class ProblemWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context) => new(Problems.WriteAsync(context.HttpContext, context.ProblemDetails));
}

/// <summary>Maps the exceptions that bad input or an unreachable database can cause to 4xx/503, never a bare 500.</summary>
internal sealed class ExceptionProblems(ILogger<ExceptionProblems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        // Marten and Wolverine wrap what the database said: the cause is looked for along the chain of inner exceptions.
        var problem = Causes(exception).Select(cause => cause switch
        {
            BadHttpRequestException bad => Problems.Create(bad.StatusCode),
            PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } =>
                Problems.Conflict("Another request created the same thing at the same moment. Reload and try again."),
            NpgsqlException { IsTransient: true } or TimeoutException or System.Net.Sockets.SocketException => Problems.Create(StatusCodes.Status503ServiceUnavailable),
            PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow } =>
                Problems.Create(StatusCodes.Status503ServiceUnavailable),
            _ => null,
        }).FirstOrDefault(p => p is not null);

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = Problems.Create(StatusCodes.Status500InternalServerError);
        }
        else if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "5";
        }

        await Problems.WriteAsync(context, problem);
        return true;
    }

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            yield return cause;
        }
    }
}

/// <summary>
/// A request body that could not be read as the operation's type (<paramref name="RequestType"/>), and why. Wolverine.Http
/// reads bodies itself and answers with the serializer's message, which names .NET types; the exception reaches this
/// service only through the log entry Wolverine writes first (see <see cref="ClientErrorLogger{T}"/>), which leaves it
/// here as a feature of the request for <see cref="Problems.Complete"/>.
/// </summary>
public sealed partial record UnreadableBody(Type RequestType, JsonException Exception)
{
    /// <summary>The one entry of <c>errors</c>: the JSON path of what could not be read, and what it must be, in words.</summary>
    public KeyValuePair<string, string[]> Error(JsonSerializerOptions json, long? contentLength)
    {
        if (Exception is Json.RefusedValueException refused)
        {
            return Entry(Key(Segments(Exception.Path)), refused.Message);
        }

        // The reader's own exception, wrapped by the serializer: the text is not JSON.
        if (Exception.InnerException is JsonException)
        {
            return Entry(Problems.Body, contentLength == 0 ? Problems.NoBody
                : $"The body is not well-formed JSON, or nests more than {json.MaxDepth} levels deep: see line {Exception.LineNumber + 1}, byte {Exception.BytePositionInLine + 1}.");
        }

        // The serializer's: the value at the path is not what the operation takes there, or a field is unknown. The
        // path is followed through the operation's type; a change's fields depend on its kind ('op'), which is not known here.
        var segments = Segments(Exception.Path);
        var info = json.GetTypeInfo(RequestType);
        var takenBy = "";
        for (var i = 0; i < segments.Count; i++)
        {
            var (name, _) = segments[i];
            if (name is null || info.Kind == JsonTypeInfoKind.Dictionary)
            {
                info = info.ElementType is { } element ? json.GetTypeInfo(element) : info;
                continue;
            }

            var kinds = info.PolymorphismOptions;
            IEnumerable<(object? Kind, JsonTypeInfo Info)> shapes = kinds is null ? [(null, info)]
                : kinds.DerivedTypes.Select(d => (d.TypeDiscriminator, json.GetTypeInfo(d.DerivedType)));
            var owners = shapes.Select(o => (o.Kind, Property: o.Info.Properties.FirstOrDefault(p => p.Name == name)))
                .Where(o => o.Property is not null)
                .ToList();
            if (owners.Count == 0)
            {
                return Entry(Key(segments[..(i + 1)]), kinds is null
                    ? $"'{name}' is not a field here; check its spelling against the operation's schema (see /swagger)."
                    : $"'{name}' is not a field here: '{Key(segments[..i])}' needs '{kinds.TypeDiscriminatorPropertyName}' ({Kinds(kinds)}) and takes only the fields of that kind.");
            }

            info = json.GetTypeInfo(owners[0].Property!.PropertyType);
            takenBy = kinds is null ? "" : $", in an object whose '{kinds.TypeDiscriminatorPropertyName}' takes it ({string.Join(", ", owners.Select(o => o.Kind))})";
        }

        return Entry(Key(segments), segments.Count == 0 ? $"The body must be {Expected(info)}." : $"'{Shown(segments)}' must be {Expected(info)}{takenBy}.");
    }

    private static KeyValuePair<string, string[]> Entry(string key, string message) => new(key, [message]);

    /// <summary>A value of the type the operation takes, described to a person.</summary>
    private static string Expected(JsonTypeInfo info)
    {
        if (info.PolymorphismOptions is { } kinds)
        {
            return $"an object with '{kinds.TypeDiscriminatorPropertyName}': one of {Kinds(kinds)}";
        }

        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        return info.Kind switch
        {
            JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "a JSON object",
            JsonTypeInfoKind.Enumerable => "a JSON array",
            _ when type == typeof(string) => "text (a JSON string)",
            _ when type == typeof(Guid) => "an id, a UUID such as \"0197a5d4-8c1e-7c3a-9f1e-3b5d7a9c2e4f\"",
            _ when type == typeof(bool) => "true or false",
            _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName)),
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "a date and time such as \"2025-06-30T17:00:00Z\"",
            _ when type == typeof(DateOnly) => "a date such as \"2025-06-30\"",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number",
            _ when type == typeof(decimal) || type == typeof(double) || type == typeof(float) => "a number",
            _ => "a value of the kind the operation's schema gives (see /swagger)",
        };
    }

    private static string Kinds(JsonPolymorphismOptions kinds) => string.Join(", ", kinds.DerivedTypes.Select(d => d.TypeDiscriminator));

    /// <summary>The serializer's JSONPath ("$.changes[0]['odd name']") as property names and indexes (name null).</summary>
    private static List<(string? Name, int Index)> Segments(string? path) =>
        [.. PathSegment().Matches(path ?? "").Select(m => m.Groups["index"].Success
            ? ((string?)null, int.Parse(m.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture))
            : (m.Groups["name"].Success ? m.Groups["name"].Value : m.Groups["quoted"].Value, 0))];

    /// <summary>The key of <c>errors</c>, as validation writes it: "changes[0].clauseId", or "$" for the body.</summary>
    private static string Key(List<(string? Name, int Index)> segments) =>
        segments.Count == 0 ? Problems.Body : string.Concat(segments.Select((s, i) => s.Name is null ? $"[{s.Index}]" : i == 0 ? s.Name : "." + s.Name)).TrimStart('.');

    /// <summary>How a message names the field, as validation does: its own name ("clauseId"), or with its index ("changes[0]").</summary>
    private static string Shown(List<(string? Name, int Index)> segments) =>
        Key(segments[Math.Max(0, segments.FindLastIndex(s => s.Name is not null))..]);

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>.*?)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();
}

/// <summary>
/// Every error's body: an RFC 9457 problem. Problems are told apart by <c>status</c>; some carry an extension that says more.
/// </summary>
/// <param name="Type">The definition of the status code in the RFC that defines it, e.g. https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1 for 400 (RFC 6585 for 429).</param>
/// <param name="Title">The kind of error, in words.</param>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Detail">What went wrong and what to do about it, in words.</param>
/// <param name="Instance">The path of the request.</param>
/// <param name="TraceId">The request's trace: quote it when reporting a problem.</param>
/// <param name="Errors">400: each field that is missing, invalid or cannot be read, by its JSON path in the body ("title", "changes[0].clauseId"; "$" is the body as a whole), and what it needs.</param>
/// <param name="Change">422, a change that cannot be applied: which one (0-based).</param>
/// <param name="ClauseId">422: the clause that change names, when it names one.</param>
/// <param name="Conflicts">409, an agreement that moved on under a proposal: each clause that a later version changed, and which version.</param>
public sealed record Problem(
    [property: Required] string Type,
    [property: Required] string Title,
    [property: Required] int Status,
    [property: Required] string Detail,
    [property: Required] string Instance,
    [property: Required] string TraceId,
    IReadOnlyDictionary<string, string[]>? Errors,
    int? Change,
    Guid? ClauseId,
    IReadOnlyList<Agreements.Conflict>? Conflicts)
{
    /// <summary>Open, as every RFC 9457 problem is: a client ignores members it does not know.</summary>
    [System.Text.Json.Serialization.JsonExtensionData]
    public IDictionary<string, JsonElement>? Others { get; init; }
}
