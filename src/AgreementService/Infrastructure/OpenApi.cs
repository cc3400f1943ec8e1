using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace AgreementService.Infrastructure;

public static class OpenApi
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/swagger/v1/swagger.json";

    public static IServiceCollection AddOpenApiDocument(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Agreement Service",
                Version = DocumentName,
                Description = "Draft, amend and ratify a Community Agreement together. Every error is application/problem+json.",
            });
            o.AddSecurityDefinition("bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A participant's personal token, or the administrator's.",
            });
            o.AddSecurityRequirement(doc => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", doc)] = [] });
            // Grouped by feature (Agreements, Proposals, Votes, Publishing, …), as the code is, in a stable order.
            o.TagActionsBy(api => [api.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.ITagsMetadata>().SelectMany(t => t.Tags).FirstOrDefault()
                ?? (api.TryGetMethodInfo(out var method) ? method.DeclaringType?.Namespace?.Split('.')[^1] : null) ?? "Service"]);
            o.OrderActionsBy(api => $"{api.RelativePath} {api.HttpMethod}");
            // Changes are one of add, amend, remove, move, told apart by "op" (PolymorphicVariants).
            o.SchemaFilter<PolymorphicVariants>();
            o.SchemaFilter<NullableReferences>();
            o.SchemaFilter<ValidationLimits>();
            o.IncludeXmlComments(Path.Combine(AppContext.BaseDirectory, "AgreementService.xml"));
            o.OperationFilter<Summaries>();
            o.OperationFilter<FormFields>();
            o.OperationFilter<ProblemResponses>();
            o.MapType<Microsoft.AspNetCore.Mvc.ProblemDetails>(() => new OpenApiSchemaReference(SchemaId(typeof(Problem))));
            o.MapType<HttpValidationProblemDetails>(() => new OpenApiSchemaReference(SchemaId(typeof(Problem))));
            o.OperationFilter<HttpSemantics>();
            o.SupportNonNullableReferenceTypes();
            o.NonNullableReferenceTypesAsRequired();
            o.OperationFilter<HeadersOnly>();
            o.OperationFilter<PageParameters>();
            o.CustomSchemaIds(SchemaId);
            o.DocumentFilter<DocumentFacts>();
        });
        return services;
    }

    /// <summary>A type's own name ("ProposalView"); a page of a list is named for what it lists ("ProposalViewPage"); ASP.NET's problem types by what they are.</summary>
    private static string SchemaId(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Paged<>) ? SchemaId(type.GetGenericArguments()[0]) + "Page"
        : type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + string.Concat(type.GetGenericArguments().Select(SchemaId))
        : type.Name;

    /// <summary>A property's name in the JSON the service writes and reads: its own, or camelCase.</summary>
    internal static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    /// <summary>Whether the route answers without a token (public reads, the embed script, health).</summary>
    internal static bool IsAnonymous(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription api) =>
        api.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any();

    /// <summary>The document always (partners generate clients from it); the Swagger UI unless <c>Agreements:SwaggerUi</c> is false.</summary>
    public static void MapOpenApiDocument(this WebApplication app)
    {
        app.UseSwagger(o => o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1);
        if (app.Configuration.GetValue("Agreements:SwaggerUi", true))
        {
            app.UseSwaggerUI(o => o.SwaggerEndpoint(DocumentPath, "Agreement Service"));
        }
    }
}

/// <summary>
/// Documents the problem responses every operation can give, so clients can plan for them, all with the one schema
/// every error has (<see cref="Problem"/>): those Wolverine and ASP.NET Core describe too (their ProblemDetails and
/// HttpValidationProblemDetails are mapped to it).
/// </summary>
internal sealed class ProblemResponses : IOperationFilter
{
    private static readonly Dictionary<string, string> Described = new()
    {
        ["400"] = "Not valid: 'errors' names each field at fault (by its JSON path, or the query parameter's name) and what it needs",
        ["401"] = "No valid token",
        ["403"] = "The token's holder may not do this",
        ["404"] = "Not there, or not visible to the caller",
        ["409"] = "Conflicts with the current state",
        ["406"] = "None of the media types in Accept is offered",
        ["413"] = "The body is larger than 1 MiB",
        ["415"] = "The body is not application/json",
        ["422"] = "Well-formed, but cannot be applied",
        ["429"] = "Too many requests: wait as long as Retry-After says",
        ["503"] = "The database cannot be reached just now: try again after Retry-After",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Responses ??= [];
        var path = context.ApiDescription.RelativePath ?? "";
        var anonymous = OpenApi.IsAnonymous(context.ApiDescription);
        var add = new List<string> { "406", "429", "503" }; // 406: an Accept that leaves out what the operation answers in
        if (!anonymous)
        {
            add.Add("401");
            add.Add("403");
        }

        if (operation.RequestBody is not null || operation.Parameters?.Any(p => p.In == ParameterLocation.Query) == true)
        {
            add.Add("400");
        }

        if (path.Contains('{', StringComparison.Ordinal))
        {
            add.Add("404");
        }

        if (context.ApiDescription.HttpMethod is "POST" or "PUT")
        {
            add.Add("409");
            add.Add("413");
            add.Add("415");
            add.Add("422");
        }


        foreach (var status in add)
        {
            operation.Responses.TryAdd(status, new OpenApiResponse());
        }

        var problem = new Dictionary<string, IOpenApiMediaType>
        {
            [Problems.ContentType] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(typeof(Problem), context.SchemaRepository) },
        };
        // (An error the endpoint answers in a shape of its own, readiness's 503 or the sign-in link's page, keeps it.)
        foreach (var (status, response) in operation.Responses.Where(r => r.Key.Length == 3 && r.Key[0] is '4' or '5'
                     && r.Value.Content?.Keys.Any(k => k is "application/json" or "text/html") != true).ToList())
        {
            operation.Responses[status] = new OpenApiResponse { Description = Described.GetValueOrDefault(status, response.Description ?? ""), Content = problem };
        }
    }
}

/// <summary>
/// An operation's summary is its operationId in words ("listAgreements": "List agreements"), the same style throughout;
/// its description is the endpoint's own documentation (its XML summary and remarks), in place of the placeholder
/// ("GET_agreements") Wolverine gives every endpoint.
/// </summary>
internal sealed partial class Summaries : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        string?[] documented = [operation.Summary, operation.Description];
        operation.Description = string.Join("\n\n", documented.Where(d => !string.IsNullOrWhiteSpace(d) && !Placeholder().IsMatch(d)));
        if (operation.OperationId is { Length: > 0 } id)
        {
            var words = Words().Replace(id, " $1").ToLowerInvariant().Split(' ');
            operation.Summary = words[0] == "head"
                ? $"Headers of {string.Join(' ', words[1..])}, without the body" // HEAD: what GET would answer, without the body
                : char.ToUpperInvariant(words[0][0]) + string.Join(' ', words)[1..];
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z]+_[A-Za-z0-9_]*$")]
    private static partial System.Text.RegularExpressions.Regex Placeholder();

    [System.Text.RegularExpressions.GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial System.Text.RegularExpressions.Regex Words();
}

/// <summary>
/// What the document says of the service as a whole: where it runs, who answers for it, what each tag groups, and
/// the webhooks it sends (OpenAPI 3.1's <c>webhooks</c>), so a receiver can be generated and checked like a client.
/// </summary>
internal sealed class DocumentFacts : IDocumentFilter
{
    private static readonly (string Name, string Description)[] Tags =
    [
        ("Agreements", "The agreements: their text, versions, members and decision rules."),
        ("Proposals", "Changes proposed to an agreement's text: submitting, revising, previewing and withdrawing them."),
        ("Comments", "The discussion of a proposal, threaded, each comment anchored to a clause and a quote if its author wishes."),
        ("Votes", "Ratification votes: calling them, casting ballots, closing and cancelling them, and the tally."),
        ("Publishing", "What changed between versions and in each clause, and the public text of public agreements for partner sites."),
        ("Activity", "Every event of an agreement, newest first: its audit trail."),
        ("Webhooks", "Signed notices of each new version, posted to partner sites, and the log of their deliveries."),
        ("Notifications", "Email: each participant's settings (how much, time zone, language), reminders to voters who have not voted, and one-click unsubscribe without sign-in."),
        ("Participants", "The people who take part, their personal tokens, and who the caller is."),
        ("Access", "Signing in by an emailed link (no passwords), the sessions it starts, and who is an administrator."),
        ("Organisations", "The member organisations participants belong to."),
        ("Health", "Liveness and readiness, for load balancers and orchestrators."),
    ];

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        document.Servers =
        [
            new OpenApiServer
            {
                Url = "{origin}",
                Description = "Wherever the community runs the service: its own address, or the one `dotnet run` starts it at.",
                Variables = new Dictionary<string, OpenApiServerVariable>
                {
                    ["origin"] = new() { Default = "http://localhost:5000", Description = "Scheme, host and port, e.g. https://agreements.example.org" },
                },
            },
        ];
        document.Info.Contact = new OpenApiContact { Name = "The operators of this Agreement Service" };
        document.Info.License = new OpenApiLicense { Name = "EUPL-1.2", Identifier = "EUPL-1.2" };
        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));

        var payload = context.SchemaGenerator.GenerateSchema(typeof(Webhooks.WebhookEvent), context.SchemaRepository);
        if (context.SchemaRepository.Schemas[nameof(Webhooks.WebhookEvent)] is OpenApiSchema { Properties: { } properties })
        {
            properties["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Const = Webhooks.DeliverWebhookHandler.EventType };
        }

        static OpenApiParameter Header(string name, string description) =>
            new() { Name = name, In = ParameterLocation.Header, Required = true, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        document.Webhooks = new Dictionary<string, IOpenApiPathItem>
        {
            [Webhooks.DeliverWebhookHandler.EventType] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Post] = new()
                    {
                        OperationId = "versionRatified",
                        Summary = "Version ratified",
                        Description = "Posted to every webhook of the agreement when a proposal is ratified into a new version, signed by the Standard Webhooks "
                            + "convention: the HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the webhook's secret (for a `whsec_` "
                            + "secret, its base64-decoded part). Anything but a 2xx answer is tried again, with growing delays, for a day.",
                        Tags = new HashSet<OpenApiTagReference> { new("Webhooks", document) },
                        Security = [],
                        Parameters =
                        [
                            Header("webhook-id", "The event's id, the same through every retry of it: a receiver that has seen it may ignore it."),
                            Header("webhook-timestamp", "When this attempt was sent, in Unix seconds: refuse ones far from now."),
                            Header("webhook-signature", "`v1,` and the base64 signature."),
                        ],
                        RequestBody = new OpenApiRequestBody
                        {
                            Required = true,
                            Content = new Dictionary<string, IOpenApiMediaType> { ["application/json"] = new OpenApiMediaType { Schema = payload } },
                        },
                        Responses = new OpenApiResponses
                        {
                            ["2XX"] = new OpenApiResponse { Description = "Received: the event will not be sent again." },
                            ["default"] = new OpenApiResponse { Description = "Not received: the event is sent again later." },
                        },
                    },
                },
            },
        };

        // Endpoints answering IResult name their real type (ProducesResponseType); the schema made for IResult on the way describes nothing.
        context.SchemaRepository.Schemas.Remove(nameof(IResult));
        document.Components?.Schemas?.Remove(nameof(IResult));

        // Health statuses are ASP.NET Core's own words, kept as they are (monitors look for "Healthy").
        foreach (var view in new[] { nameof(HealthView), nameof(HealthCheckView) })
        {
            if (context.SchemaRepository.Schemas.GetValueOrDefault(view) is OpenApiSchema { Properties: { } health } && health.TryGetValue("status", out var described) && described is OpenApiSchema status)
            {
                status.Enum = [.. Enum.GetNames<Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus>().Select(n => (System.Text.Json.Nodes.JsonNode)n)];
            }
        }

        EveryFieldAnswered(document, context.SchemaRepository.Schemas);
    }

    /// <summary>
    /// The service writes every field of what it answers, null when there is nothing (the problem's extensions aside):
    /// a schema that only ever describes an answer requires them all, so a generated client need not test each for
    /// absence. Schemas a request body can hold keep their own requirements.
    /// </summary>
    private static void EveryFieldAnswered(OpenApiDocument document, IDictionary<string, IOpenApiSchema> schemas)
    {
        var sent = new HashSet<string>();
        var pending = new Stack<IOpenApiSchema>(document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.RequestBody?.Content?.Values.Select(c => c.Schema) ?? []).OfType<IOpenApiSchema>());
        while (pending.TryPop(out var schema))
        {
            if (schema is OpenApiSchemaReference { Reference.Id: { } id })
            {
                if (sent.Add(id) && schemas.TryGetValue(id, out var referenced))
                {
                    pending.Push(referenced);
                }

                continue;
            }

            IEnumerable<IOpenApiSchema?> inner = [.. schema.Properties?.Values ?? [], schema.Items, schema.AdditionalProperties, .. schema.OneOf ?? [], .. schema.AnyOf ?? [], .. schema.AllOf ?? []];
            foreach (var next in inner.OfType<IOpenApiSchema>())
            {
                pending.Push(next);
            }
        }

        foreach (var (id, schema) in schemas.Where(s => !sent.Contains(s.Key) && s.Key != nameof(Problem)))
        {
            if (schema is OpenApiSchema { Properties.Count: > 0 } answered)
            {
                answered.Required = new HashSet<string>(answered.Properties.Keys);
            }
        }
    }
}

/// <summary>
/// The limits a request body's validator enforces, written into its schema so that a client learns them before it is
/// refused: lengths, ranges, patterns, required non-empty lists. The validator stays the one place they are set;
/// rules that apply only under a condition, or that no schema keyword can say, are left to the 400's words.
/// </summary>
internal sealed class ValidationLimits(IServiceProvider services) : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties.Count: > 0 } model)
        {
            return;
        }

        using var scope = services.CreateScope();
        if (scope.ServiceProvider.GetService(typeof(FluentValidation.IValidator<>).MakeGenericType(context.Type)) is not FluentValidation.IValidator validator)
        {
            return;
        }

        var descriptor = validator.CreateDescriptor();
        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = OpenApi.JsonName(property);
            if (model.Properties!.TryGetValue(name, out var described) && described is OpenApiSchema field)
            {
                foreach (var component in descriptor.GetRulesForMember(name).SelectMany(r => r.Components).Where(c => !c.HasCondition && !c.HasAsyncCondition))
                {
                    if (component.Validator is FluentValidation.Validators.INotNullValidator)
                    {
                        // Nullable in C# so that its absence is a 400 that names it, not a default: to a client, required and never null.
                        model.Required ??= new HashSet<string>();
                        model.Required.Add(name);
                        field.Type &= ~JsonSchemaType.Null;
                        model.Properties[name] = field.OneOf?.Count == 2 && field.OneOf.SingleOrDefault(o => o is OpenApiSchemaReference) is { } reference ? reference : field;
                    }

                    Limit(field, component.Validator, property.PropertyType == typeof(string));
                }
            }
        }
    }

    private static void Limit(OpenApiSchema field, FluentValidation.Validators.IPropertyValidator rule, bool text)
    {
        static string Number(object? value) => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;
        switch (rule)
        {
            case FluentValidation.Validators.ILengthValidator length:
                field.MinLength = length.Min > 0 ? length.Min : field.MinLength;
                field.MaxLength = length.Max >= 0 ? length.Max : field.MaxLength;
                break;
            case FluentValidation.Validators.INotEmptyValidator when text:
                field.MinLength ??= 1;
                break;
            case FluentValidation.Validators.INotEmptyValidator:
                field.MinItems ??= 1;
                break;
            case FluentValidation.Validators.IBetweenValidator between:
                field.Minimum = Number(between.From);
                field.Maximum = Number(between.To);
                if (rule.Name == "ExclusiveBetweenValidator")
                {
                    (field.ExclusiveMinimum, field.ExclusiveMaximum, field.Minimum, field.Maximum) = (field.Minimum, field.Maximum, null, null);
                }

                break;
            case FluentValidation.Validators.IComparisonValidator { ValueToCompare: { } value } comparison:
                switch (comparison.Comparison)
                {
                    case FluentValidation.Validators.Comparison.GreaterThan: field.ExclusiveMinimum = Number(value); break;
                    case FluentValidation.Validators.Comparison.GreaterThanOrEqual: field.Minimum = Number(value); break;
                    case FluentValidation.Validators.Comparison.LessThan: field.ExclusiveMaximum = Number(value); break;
                    case FluentValidation.Validators.Comparison.LessThanOrEqual: field.Maximum = Number(value); break;
                }

                break;
            case FluentValidation.Validators.IRegularExpressionValidator pattern:
                field.Pattern = pattern.Expression.Replace(@"\z", "$", StringComparison.Ordinal); // ECMA-262 has no \z; without the multiline flag its $ is the end
                break;
        }
    }
}

/// <summary>The paging rule (<see cref="Paging"/>) on every list's <c>page</c> and <c>pageSize</c>.</summary>
internal sealed class PageParameters : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query) ?? [])
        {
            (parameter.Description, parameter.Schema) = parameter.Name switch
            {
                "page" => ("Which page, from 1.", Bounded(1, Paging.MaxPage, 1)),
                "pageSize" => ("How many items a page holds.", Bounded(1, Paging.MaxPageSize, Paging.DefaultPageSize)),
                _ => (parameter.Description, parameter.Schema),
            };
        }
    }

    private static OpenApiSchema Bounded(int minimum, int maximum, int fallback) => new()
    {
        Type = JsonSchemaType.Integer, Format = "int32", Minimum = minimum.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Maximum = maximum.ToString(System.Globalization.CultureInfo.InvariantCulture), Default = System.Text.Json.Nodes.JsonValue.Create(fallback),
    };
}

/// <summary>
/// An endpoint that may be sent one form-encoded field (<c>application/x-www-form-urlencoded</c>) which it need not read
/// to act: what another party's software sends it, described so that a client knows to (RFC 8058's one-click
/// unsubscribe is <c>List-Unsubscribe=One-Click</c>). The body may be left out.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FormFieldAttribute(string name, params string[] values) : Attribute
{
    public string Name { get; } = name;

    public IReadOnlyList<string> Values { get; } = values;
}

/// <summary>Describes an endpoint's <see cref="FormFieldAttribute"/> as its request body: optional, form-encoded, the field one of its values.</summary>
internal sealed class FormFields : IOperationFilter
{
    public const string MediaType = "application/x-www-form-urlencoded";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.MethodInfo?.GetCustomAttribute<FormFieldAttribute>() is not { } field)
        {
            return;
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            Required = false,
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                [MediaType] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            [field.Name] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. field.Values.Select(v => (System.Text.Json.Nodes.JsonNode)v)] },
                        },
                    },
                },
            },
        };
    }
}

/// <summary>A HEAD answer is GET's without the body: its responses document a status and headers, never content.</summary>
internal sealed class HeadersOnly : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (HttpMethods.IsHead(context.ApiDescription.HttpMethod ?? ""))
        {
            foreach (var response in operation.Responses?.Values.OfType<OpenApiResponse>() ?? [])
            {
                response.Content = null;
            }
        }
    }
}

/// <summary>
/// A polymorphic type (Change) as a validating client reads it: the base is one of its variants, told apart by the
/// discriminator beside the oneOf; each variant is a whole object of its own, its discriminator a constant. Swashbuckle
/// writes each variant as allOf[base, own], and base and own each forbid the other's properties, so nothing validated.
/// The base stays concrete in C# only so that a body without its discriminator reads as a bad request.
/// </summary>
internal sealed class PolymorphicVariants : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema model)
        {
            return;
        }

        if (context.Type.GetCustomAttribute<JsonPolymorphicAttribute>() is { } polymorphic)
        {
            var variants = context.Type.GetCustomAttributes<JsonDerivedTypeAttribute>()
                .Select(d => (Value: (string)d.TypeDiscriminator!, Reference: (OpenApiSchemaReference)context.SchemaGenerator.GenerateSchema(d.DerivedType, context.SchemaRepository)))
                .ToList();
            model.Type = null;
            model.Properties = null;
            model.Required = null;
            model.AdditionalPropertiesAllowed = true;
            model.OneOf = [.. variants.Select(v => v.Reference)];
            model.Discriminator = new OpenApiDiscriminator
            {
                PropertyName = polymorphic.TypeDiscriminatorPropertyName,
                Mapping = variants.ToDictionary(v => v.Value, v => v.Reference),
            };
        }
        else if (context.Type.BaseType?.GetCustomAttribute<JsonPolymorphicAttribute>() is { } parent
                 && context.Type.BaseType.GetCustomAttributes<JsonDerivedTypeAttribute>().FirstOrDefault(d => d.DerivedType == context.Type)?.TypeDiscriminator is string value)
        {
            var discriminator = parent.TypeDiscriminatorPropertyName!;
            model.Properties = new Dictionary<string, IOpenApiSchema>([
                new(discriminator, new OpenApiSchema { Type = JsonSchemaType.String, Const = value }), .. model.Properties ?? new Dictionary<string, IOpenApiSchema>()]);
            model.Required = new HashSet<string>([discriminator, .. model.Required ?? new HashSet<string>()]);
        }
    }
}

/// <summary>
/// What HTTP itself adds to an operation, so that a client generated from the document expects it: anonymous routes need
/// no token; a created resource's Location; a representation's ETag, Cache-Control and Vary, its 304 to If-None-Match and
/// its 406 to an Accept it cannot meet, its text formats as text; Retry-After on 429 and 503.
/// </summary>
internal sealed class HttpSemantics : IOperationFilter
{
    private static OpenApiHeader Header(string description) => new() { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (OpenApi.IsAnonymous(context.ApiDescription))
        {
            operation.Security = [];
        }

        operation.Responses ??= [];
        // An endpoint that answers a redirect (IResult) has no 200 of its own, whatever Wolverine assumed.
        if (operation.Responses.ContainsKey("303"))
        {
            operation.Responses.Remove("200");
        }

        foreach (var (status, response) in operation.Responses.Where(r => r.Value is OpenApiResponse).Select(r => (r.Key, (OpenApiResponse)r.Value)))
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            if (status == "201")
            {
                response.Headers["Location"] = Header("Where the created resource is read.");
            }

            if (status == "303")
            {
                response.Headers["Location"] = Header("Where to go next.");
            }

            if (status is "429" or "503" && response.Content?.ContainsKey(Problems.ContentType) == true)
            {
                response.Headers["Retry-After"] = Header("Seconds to wait before trying again.");
            }

            // Text renderings are text, whatever the JSON beside them is; documents that are neither text nor XML (PDF, Word)
            // are bytes, which OpenAPI 3.1 describes by no schema at all (a generated client then leaves reading them to the caller).
            foreach (var (mediaType, content) in response.Content?.Where(c => !c.Key.EndsWith("json", StringComparison.Ordinal)).ToList() ?? [])
            {
                var binary = !mediaType.StartsWith("text/", StringComparison.Ordinal) && !mediaType.EndsWith("xml", StringComparison.Ordinal);
                response.Content![mediaType] = binary ? new OpenApiMediaType() : new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }

            // Documents (application/… other than JSON: PDF, Word, Akoma Ntoso) come as attachments with a file name.
            if (response.Content?.Keys.Any(k => k.StartsWith("application/", StringComparison.Ordinal) && !k.EndsWith("json", StringComparison.Ordinal)) == true)
            {
                response.Headers["Content-Disposition"] = Header("For a document (PDF, Word, Akoma Ntoso): attachment, with the name of its file.");
            }
        }

        if (operation.Responses.TryGetValue("200", out var ok) && ok is OpenApiResponse { Content.Count: > 1 } representation)
        {
            representation.Headers ??= new Dictionary<string, IOpenApiHeader>();
            representation.Headers["ETag"] = Header("A strong tag of these exact bytes: send it back in If-None-Match.");
            representation.Headers["Cache-Control"] = Header("How long caches may keep it.");
            representation.Headers["Vary"] = Header("Accept: the body depends on it.");
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-None-Match", In = ParameterLocation.Header, Description = "The ETag of a copy held: 304 when it is still current.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            operation.Responses["304"] = new OpenApiResponse
            {
                Description = "The copy held (If-None-Match) is current.",
                Headers = new Dictionary<string, IOpenApiHeader> { ["ETag"] = Header("The tag of the current bytes."), ["Cache-Control"] = Header("How long caches may keep it.") },
            };
        }
    }
}

/// <summary>
/// A property that may be null (<c>Hiding? Hidden</c>) is a reference to its type or null: Swashbuckle writes the bare
/// reference, which a validating client reads as "never null".
/// </summary>
internal sealed class NullableReferences : ISchemaFilter
{
    private static readonly NullabilityInfoContext Nullability = new();

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties.Count: > 0 } model)
        {
            return;
        }

        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = OpenApi.JsonName(property);
            if (model.Properties!.TryGetValue(name, out var described) && described is OpenApiSchemaReference reference
                && (Nullable.GetUnderlyingType(property.PropertyType) is not null || Nullability.Create(property).ReadState == NullabilityState.Nullable))
            {
                model.Properties[name] = new OpenApiSchema { OneOf = [reference, new OpenApiSchema { Type = JsonSchemaType.Null }] };
                model.Required?.Remove(name);
            }
        }
    }
}
