using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AgreementService.Infrastructure;

/// <summary>
/// Traces and metrics — requests, outgoing webhook calls, PostgreSQL commands, Marten and Wolverine — exported over OTLP
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (with the standard <c>OTEL_*</c> settings), and nothing at all when not.
/// </summary>
public static class Telemetry
{
    public const string ServiceName = "agreement-service";

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                .AddSource("Npgsql", "Marten", "Wolverine").AddOtlpExporter())
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                .AddMeter("Marten", "Wolverine", "Npgsql").AddOtlpExporter());
        return services;
    }
}
