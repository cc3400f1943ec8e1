using System.Net;
using System.Text.Json.Nodes;
using AgreementService.Infrastructure;
using AgreementService.Tests.Support;
using Microsoft.AspNetCore.Routing;

namespace AgreementService.Tests.Infrastructure;

/// <summary>
/// The committed openapi/ document is what clients rely on: it must be exactly what the code generates.
/// To refresh it after changing the API: AGREEMENTS_UPDATE_OPENAPI=1 dotnet test --filter OpenApi
/// </summary>
public sealed class OpenApiTests(AppFixture app) : IntegrationContext(app)
{
    public static readonly string CommittedPath = Path.Combine(RepositoryRoot(), "openapi", "agreement-service.json");

    [Fact]
    public async Task the_committed_document_is_what_the_code_generates()
    {
        var generated = await GeneratedAsync(Api);
        var committed = await CommittedAsync(Api);
        (committed == generated).ShouldBeTrue(
            "openapi/agreement-service.json differs from the code: run 'AGREEMENTS_UPDATE_OPENAPI=1 dotnet test --filter OpenApi' and commit it.");
    }

    [Fact]
    public async Task the_document_lists_every_route_the_service_serves()
    {
        var paths = JsonNode.Parse(await CommittedAsync(Api))!["paths"]!.AsObject();
        var documented = paths.SelectMany(p => p.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {p.Key}")).ToHashSet();

        var served = App.Host.Services.GetServices<EndpointDataSource>()
            .SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription != true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} /{Normalise(e.RoutePattern.RawText!)}"))
            .Where(r => !r.Contains("/swagger", StringComparison.Ordinal))
            .ToHashSet();

        served.ShouldNotBeEmpty();
        served.Except(documented).ShouldBeEmpty();
        documented.ShouldContain("POST /organisations");
        documented.ShouldContain("DELETE /participants/{id}/tokens/{tokenId}");
    }

    [Fact]
    public async Task every_error_response_has_the_one_problem_schema_with_its_extensions()
    {
        var document = JsonNode.Parse(await CommittedAsync(Api))!;
        var responses = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().SelectMany(op => op.Value!["responses"]!.AsObject().Select(r => (Where: $"{op.Key} {p.Key} {r.Key}", Status: r.Key, r.Value))))
            .Where(r => r.Status[0] is '4' or '5')
            .Where(r => !r.Where.StartsWith("head ", StringComparison.Ordinal)) // HEAD answers carry no body
            .Where(r => r.Where != "get /health/ready 503") // readiness says which check failed, in its own shape
            .Where(r => !r.Where.EndsWith(" /sign-in/{token} 410", StringComparison.Ordinal)) // a browser's page: the link no longer works
            .ToList();

        responses.Count.ShouldBeGreaterThan(200);
        foreach (var (where, _, response) in responses)
        {
            var content = response!["content"]!.AsObject();
            content.Select(c => c.Key).ShouldBe(["application/problem+json"], where);
            content["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>().ShouldBe("#/components/schemas/Problem", where);
        }

        var schemas = document["components"]!["schemas"]!.AsObject();
        schemas.Select(s => s.Key).ShouldNotContain(k => k.Contains("ProblemDetails", StringComparison.Ordinal));
        var problem = schemas["Problem"]!;
        problem["properties"]!.AsObject().Select(p => p.Key).ShouldBe(
            ["type", "title", "status", "detail", "instance", "traceId", "errors", "change", "clauseId", "conflicts"], ignoreOrder: true);
        problem["required"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["type", "title", "status", "detail", "instance", "traceId"], ignoreOrder: true);
        problem["properties"]!["conflicts"]!["items"]!["$ref"]!.GetValue<string>().ShouldBe("#/components/schemas/Conflict");
        problem["additionalProperties"]?.GetValueKind().ShouldNotBe(System.Text.Json.JsonValueKind.False, "a problem is open to extensions (RFC 9457)");
    }

    [Fact]
    public async Task unsubscribing_takes_rfc_8058s_one_click_form_body_or_none()
    {
        var body = JsonNode.Parse(await CommittedAsync(Api))!["paths"]!["/unsubscribe/{token}"]!["post"]!["requestBody"].ShouldNotBeNull();

        body["required"]?.GetValue<bool>().ShouldNotBe(true, "the page's button may post nothing");
        var content = body["content"]!.AsObject();
        content.Select(c => c.Key).ShouldBe(["application/x-www-form-urlencoded"]);
        var field = content["application/x-www-form-urlencoded"]!["schema"]!["properties"]!["List-Unsubscribe"]!;
        field["type"]!.GetValue<string>().ShouldBe("string");
        field["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["One-Click"]);
    }

    /// <summary>The committed document; with AGREEMENTS_UPDATE_OPENAPI=1, first rewritten from the code.</summary>
    public static async Task<string> CommittedAsync(Api api)
    {
        if (Environment.GetEnvironmentVariable("AGREEMENTS_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(CommittedPath, await GeneratedAsync(api));
        }

        return File.Exists(CommittedPath) ? (await File.ReadAllTextAsync(CommittedPath)).ReplaceLineEndings("\n") : "";
    }

    private static async Task<string> GeneratedAsync(Api api) =>
        (await api.GetAsync(OpenApi.DocumentPath)).ShouldBe(HttpStatusCode.OK).Body.ReplaceLineEndings("\n").TrimEnd() + "\n";

    private static string Normalise(string route) => route.TrimStart('/');

    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "AgreementService.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("The tests run outside the repository.");
    }
}
