using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgreementService.Infrastructure;

public static class Health
{
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// Liveness: the process answers. Readiness: and the database answers too (503 when it does not). Both anonymous, for
    /// load balancers and orchestrators, and in the OpenAPI document.
    /// </summary>
    public static void MapHealth(this WebApplication app)
    {
        app.MapGet("/health/live", (HealthCheckService health, CancellationToken ct) => CheckAsync(health, _ => false, ct))
            .WithName("getLiveness").WithTags("Health").WithSummary("Liveness: the process answers.").AllowAnonymous()
            .Produces<HealthView>(StatusCodes.Status200OK);
        app.MapGet("/health/ready", (HealthCheckService health, CancellationToken ct) => CheckAsync(health, c => c.Tags.Contains("ready"), ct))
            .WithName("getReadiness").WithTags("Health").WithSummary("Readiness: the process and its database answer.").AllowAnonymous()
            .Produces<HealthView>(StatusCodes.Status200OK).Produces<HealthView>(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> CheckAsync(HealthCheckService health, Func<HealthCheckRegistration, bool> which, CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(which, ct);
        var view = new HealthView(report.Status.ToString(), report.Entries.ToDictionary(e => e.Key, e => new HealthCheckView(e.Value.Status.ToString(), e.Value.Description)));
        return report.Status == HealthStatus.Unhealthy ? TypedResults.Json(view, statusCode: StatusCodes.Status503ServiceUnavailable) : TypedResults.Ok(view);
    }
}

/// <summary>"Healthy", "Degraded" or "Unhealthy", overall and for each check.</summary>
public sealed record HealthView(string Status, IReadOnlyDictionary<string, HealthCheckView> Checks);

public sealed record HealthCheckView(string Status, string? Description);

internal sealed class DatabaseHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await using var session = store.QuerySession();
            await session.QueryAsync<int>("select 1", timeout.Token);
            return HealthCheckResult.Healthy("The database answers.");
        }
#pragma warning disable CA1031 // any failure to reach the database is exactly what readiness reports
        catch (Exception e)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy($"The database does not answer: {e.Message}");
        }
    }
}
