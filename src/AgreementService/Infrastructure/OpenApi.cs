using Microsoft.OpenApi;

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
            o.CustomSchemaIds(t => t.FullName!.Replace("AgreementService.", "", StringComparison.Ordinal).Replace('+', '.'));
        });
        return services;
    }

    public static void MapOpenApiDocument(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(o => o.SwaggerEndpoint(DocumentPath, "Agreement Service"));
    }
}
