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
            // Grouped by the route's first segment (organisations, participants, agreements, …), in a stable order.
            o.TagActionsBy(api => [api.RelativePath?.Split('/')[0] ?? ""]);
            o.OrderActionsBy(api => $"{api.RelativePath} {api.HttpMethod}");
            // Changes are one of add, amend, remove, move, told apart by "op".
            o.UseOneOfForPolymorphism();
            o.UseAllOfForInheritance();
            o.SelectDiscriminatorNameUsing(t => t.GetCustomAttribute<JsonPolymorphicAttribute>()?.TypeDiscriminatorPropertyName);
            o.SelectDiscriminatorValueUsing(t => t.BaseType?.GetCustomAttributes<JsonDerivedTypeAttribute>()
                .FirstOrDefault(d => d.DerivedType == t)?.TypeDiscriminator as string);
            o.SchemaFilter<OnlyConcreteVariants>();
            o.IncludeXmlComments(Path.Combine(AppContext.BaseDirectory, "AgreementService.xml"));
            o.OperationFilter<ProblemResponses>();
            o.CustomSchemaIds(SchemaId);
        });
        return services;
    }

    /// <summary>A type's name in its feature ("Proposals.ProposalView"); a page of a list is named for what it lists ("Proposals.ProposalViewPage").</summary>
    private static string SchemaId(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Paged<>)
            ? SchemaId(type.GetGenericArguments()[0]) + "Page"
            : type.FullName!.Replace("AgreementService.", "", StringComparison.Ordinal).Replace('+', '.');

    /// <summary>The document always (partners generate clients from it); the Swagger UI unless <c>Agreements:SwaggerUi</c> is false.</summary>
    public static void MapOpenApiDocument(this WebApplication app)
    {
        app.UseSwagger();
        if (app.Configuration.GetValue("Agreements:SwaggerUi", true))
        {
            app.UseSwaggerUI(o => o.SwaggerEndpoint(DocumentPath, "Agreement Service"));
        }
    }
}

/// <summary>Documents the problem responses every protected operation can give, so clients can plan for them.</summary>
internal sealed class ProblemResponses : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Responses ??= [];
        var problem = new OpenApiResponse
        {
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                [Problems.ContentType] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.SchemaRepository) },
            },
        };
        var path = context.ApiDescription.RelativePath ?? "";
        var add = new List<(string Status, string Description)> { ("401", "No valid token"), ("403", "The token's holder may not do this") };
        if (path.Contains('{', StringComparison.Ordinal))
        {
            add.Add(("404", "Not there, or not visible to the caller"));
        }

        if (context.ApiDescription.HttpMethod is "POST" or "PUT")
        {
            add.Add(("409", "Conflicts with the current state"));
            add.Add(("422", "Well-formed, but cannot be applied"));
        }

        foreach (var (status, description) in add)
        {
            operation.Responses.TryAdd(status, new OpenApiResponse { Description = description, Content = problem.Content });
        }
    }
}

/// <summary>
/// A polymorphic base (Change) is concrete only so that a body without its discriminator reads as a bad
/// request; clients send one of its variants, so the base is no choice of its own in the document.
/// </summary>
internal sealed class OnlyConcreteVariants : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is OpenApiSchema { OneOf: { Count: > 0 } variants } && context.Type.GetCustomAttribute<JsonPolymorphicAttribute>() is not null)
        {
            var baseId = variants.OfType<OpenApiSchemaReference>().FirstOrDefault(r => r.Reference.Id?.EndsWith("." + context.Type.Name, StringComparison.Ordinal) == true);
            if (baseId is not null)
            {
                variants.Remove(baseId);
            }
        }
    }
}
