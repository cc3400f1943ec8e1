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
            o.IncludeXmlComments(Path.Combine(AppContext.BaseDirectory, "AgreementService.xml"));
            o.OperationFilter<ProblemResponses>();
            o.MapType<Microsoft.AspNetCore.Mvc.ProblemDetails>(() => new OpenApiSchemaReference(SchemaId(typeof(Problem))));
            o.MapType<HttpValidationProblemDetails>(() => new OpenApiSchemaReference(SchemaId(typeof(Problem))));
            o.OperationFilter<HttpSemantics>();
            o.SupportNonNullableReferenceTypes();
            o.NonNullableReferenceTypesAsRequired();
            o.OperationFilter<HeadersOnly>();
            o.CustomSchemaIds(SchemaId);
        });
        return services;
    }

    /// <summary>A type's own name ("ProposalView"); a page of a list is named for what it lists ("ProposalViewPage"); ASP.NET's problem types by what they are.</summary>
    private static string SchemaId(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Paged<>) ? SchemaId(type.GetGenericArguments()[0]) + "Page"
        : type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + string.Concat(type.GetGenericArguments().Select(SchemaId))
        : type.Name;

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
        ["400"] = "Not valid; when the body is at fault, 'errors' names each field by its JSON path, and what it needs",
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
        // (An error the endpoint answers in a shape of its own, readiness's 503, keeps it.)
        foreach (var (status, response) in operation.Responses.Where(r => r.Key.Length == 3 && r.Key[0] is '4' or '5' && r.Value.Content?.ContainsKey("application/json") != true).ToList())
        {
            operation.Responses[status] = new OpenApiResponse { Description = Described.GetValueOrDefault(status, response.Description ?? ""), Content = problem };
        }
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
        foreach (var (status, response) in operation.Responses.Where(r => r.Value is OpenApiResponse).Select(r => (r.Key, (OpenApiResponse)r.Value)))
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            if (status == "201")
            {
                response.Headers["Location"] = Header("Where the created resource is read.");
            }

            if (status is "429" or "503" && response.Content?.ContainsKey(Problems.ContentType) == true)
            {
                response.Headers["Retry-After"] = Header("Seconds to wait before trying again.");
            }

            // Text renderings are text, whatever the JSON beside them is.
            foreach (var (mediaType, content) in response.Content?.Where(c => !c.Key.EndsWith("json", StringComparison.Ordinal)).ToList() ?? [])
            {
                response.Content![mediaType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
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
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (model.Properties!.TryGetValue(name, out var described) && described is OpenApiSchemaReference reference
                && (Nullable.GetUnderlyingType(property.PropertyType) is not null || Nullability.Create(property).ReadState == NullabilityState.Nullable))
            {
                model.Properties[name] = new OpenApiSchema { OneOf = [reference, new OpenApiSchema { Type = JsonSchemaType.Null }] };
                model.Required?.Remove(name);
            }
        }
    }
}
