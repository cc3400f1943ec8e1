using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AgreementService.Tests.Infrastructure;
using Json.Schema;

namespace AgreementService.Tests.Support;

/// <summary>
/// Every exchange a test makes through <see cref="Api"/> is checked against the committed OpenAPI document
/// (openapi/agreement-service.json), as a validating proxy would: the operation, the status, the media type, the headers
/// the document names, and the body against its schema (JSON Schema 2020-12, by JsonSchema.Net); a request the service
/// accepted is checked against the request body's schema too. An exchange the document does not describe fails the
/// test that made it. The document itself and the Swagger UI are not exchanges of the API.
/// </summary>
public static partial class Contract
{
    private const string Base = "https://contract.test/openapi";

    /// <summary>
    /// Unset: a mismatch fails the test that made it. A file name: every mismatch of the run is listed in it instead, one a
    /// line, and no test fails for it (for mending the document after a change of the API).
    /// </summary>
    public const string Setting = "AGREEMENTS_CONTRACT";

    /// <summary>Headers the service sends that a client acts on: each must be named by the response it comes with.</summary>
    private static readonly string[] Significant = ["ETag", "Location", "Retry-After", "Content-Disposition"];

    private static readonly Lazy<Document> Committed = new(() => new Document(JsonNode.Parse(File.ReadAllText(OpenApiTests.CommittedPath))!));

    public static void Check(HttpRequestMessage request, string? requestBody, Response response)
    {
        var report = Environment.GetEnvironmentVariable(Setting);
        var path = request.RequestUri!.IsAbsoluteUri ? request.RequestUri.AbsolutePath : request.RequestUri.OriginalString.Split('?')[0];
        if (path.StartsWith("/swagger", StringComparison.Ordinal))
        {
            return;
        }

        var problem = Committed.Value.Problem(request.Method.Method, path, request.Content?.Headers.ContentType?.MediaType, requestBody, response);
        if (problem is not null && !string.IsNullOrEmpty(report))
        {
            // While the document is being mended: every mismatch of a whole run, one a line, instead of the first of each test.
            lock (Committed)
            {
                File.AppendAllText(report, $"{request.Method} {path} → {(int)response.Status} {response.MediaType}: {problem}\n");
            }
        }
        else if (problem is not null)
        {
            throw new Xunit.Sdk.XunitException(
                $"{request.Method} {path} → {(int)response.Status} {response.MediaType}: {problem}\n(openapi/agreement-service.json does not describe this exchange.)\nBody: {Clip(response.Body)}");
        }
    }

    /// <summary>A webhook's body as a receiver gets it: it must be what the document's <c>webhooks</c> say of that event.</summary>
    public static void CheckWebhook(string type, string body)
    {
        if (Committed.Value.Webhook(type, body) is { } problem)
        {
            throw new Xunit.Sdk.XunitException($"webhook {type}: {problem}\n(openapi/agreement-service.json does not describe this event.)\nBody: {Clip(body)}");
        }
    }

    private static bool Has(Response response, string header) =>
        response.Headers.NonValidated.Contains(header) || response.ContentHeaders.NonValidated.Contains(header);

    private static string Clip(string text) => text.Length > 600 ? text[..600] + "…" : text;

    private sealed partial class Document
    {
        private readonly JsonNode _document;
        private readonly List<(Regex Pattern, string Template, int Literals)> _paths;
        private readonly BuildOptions _build = new();
        private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();

        public Document(JsonNode document)
        {
            _document = document;
            _paths = [.. document["paths"]!.AsObject().Select(p => (
                    new Regex("^" + TemplateParameter().Replace(Regex.Escape(p.Key), "[^/]+") + "$"),
                    p.Key,
                    p.Key.Split('/').Count(s => !s.StartsWith('{'))))
                .OrderByDescending(p => p.Item3)];

            // The document's components as one schema, so that every $ref resolves against it.
            var defs = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$id"] = Base,
                ["$defs"] = Rewrite(document["components"]?["schemas"]?.DeepClone() ?? new JsonObject()),
            };
            _build.SchemaRegistry.Register(JsonSchema.FromText(defs.ToJsonString(), _build));
        }

        /// <summary>A path parameter as <see cref="Regex.Escape"/> leaves it: <c>\{id}</c>.</summary>
        [GeneratedRegex(@"\\\{[^}]*\}")]
        private static partial Regex TemplateParameter();

        /// <summary>Why the exchange is not what the document describes, or null when it is.</summary>
        public string? Problem(string method, string path, string? requestType, string? requestBody, Response response)
        {
            var match = _paths.FirstOrDefault(p => p.Pattern.IsMatch(path));
            if (match.Template is null)
            {
                // A route the service does not have: nothing to describe but the refusal.
                return response.Status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed ? null : "no path of the document matches";
            }

            var operation = _document["paths"]![match.Template]![method.ToLowerInvariant()];
            if (operation is null)
            {
                return response.Status == HttpStatusCode.MethodNotAllowed ? null : $"{match.Template} has no {method} operation";
            }

            var status = ((int)response.Status).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var responses = operation["responses"]!.AsObject();
            var described = responses[status] ?? responses[$"{status[0]}XX"] ?? responses["default"];
            if (described is null)
            {
                return $"status {status} is not among the operation's responses ({string.Join(", ", responses.Select(r => r.Key))})";
            }

            described = Resolve(described);
            var pointer = $"/paths/{Escape(match.Template)}/{method.ToLowerInvariant()}/responses/{status}";
            var named = described["headers"]?.AsObject().Select(h => h.Key).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
            foreach (var header in Significant.Where(h => Has(response, h)))
            {
                if (!named.Contains(header))
                {
                    return $"the response carries {header}, which the document does not name";
                }
            }

            foreach (var (header, definition) in described["headers"]?.AsObject() ?? [])
            {
                if (Resolve(definition!)["required"]?.GetValue<bool>() == true && !Has(response, header))
                {
                    return $"the required header {header} is missing";
                }
            }

            if (response.Body.Length > 0 && Body(described, response.MediaType, response.Body, pointer) is { } wrong)
            {
                return wrong;
            }

            if ((int)response.Status < 300 && requestBody is { Length: > 0 } && operation["requestBody"] is { } requestSchema)
            {
                return Body(Resolve(requestSchema), requestType, requestBody, $"{pointer} (request)") is { } wrongRequest ? $"the request: {wrongRequest}" : null;
            }

            return null;
        }

        public string? Webhook(string type, string body) =>
            _document["webhooks"]?[type]?["post"]?["requestBody"] is { } described
                ? Body(Resolve(described), "application/json", body, $"/webhooks/{type}")
                : "the document's webhooks do not name it";

        private string? Body(JsonNode described, string? mediaType, string body, string key)
        {
            var content = described["content"]?.AsObject();
            if (content is null || mediaType is null || !content.ContainsKey(mediaType))
            {
                return $"a body of {mediaType ?? "no type"} is not among the described media types ({string.Join(", ", content?.Select(c => c.Key) ?? [])})";
            }

            if (!mediaType.EndsWith("json", StringComparison.Ordinal) || content[mediaType]?["schema"] is not { } schema)
            {
                return null;
            }

            var compiled = _schemas.GetOrAdd($"{key} {mediaType}", _ =>
            {
                var root = Rewrite(schema.DeepClone()).AsObject();
                root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
                return JsonSchema.FromText(root.ToJsonString(), _build);
            });
            using var instance = JsonDocument.Parse(body);
            var result = compiled.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            return result.IsValid
                ? null
                : "the body does not match its schema: " + string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                    .SelectMany(d => d.Errors!.Select(e => $"at '{d.InstanceLocation}' ({d.EvaluationPath}): {e.Value}")).Take(8));
        }

        /// <summary>Follows a $ref to a response, header or request body of the document.</summary>
        private JsonNode Resolve(JsonNode node)
        {
            while (node["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/", StringComparison.Ordinal))
            {
                node = reference[2..].Split('/').Aggregate(_document, (n, part) => n[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]!);
            }

            return node;
        }

        /// <summary>References to the document's schemas, pointed at the one schema holding them.</summary>
        private static JsonNode Rewrite(JsonNode node) =>
            JsonNode.Parse(node.ToJsonString().Replace("\"#/components/schemas/", $"\"{Base}#/$defs/", StringComparison.Ordinal))!;

        private static string Escape(string template) => template.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
    }
}
