using System.Globalization;
using System.Threading.RateLimiting;
using AgreementService.Infrastructure;
using Marten;

namespace AgreementService.Publishing;

public static class Configuration
{
    /// <summary>CORS for any origin on public reads, and a per-address limit on them (Agreements:PublicRequestsPerMinute, default 600).</summary>
    public static IServiceCollection AddPublishing(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("Agreements:PublicRequestsPerMinute", 600);
        var cache = new PublicCache(TimeProvider.System);
        services.AddSingleton(cache);
        services.ConfigureMarten(opts => opts.Listeners.Add(cache));
        services.AddCors(o => o.AddPolicy(PublicAgreementsEndpoint.Policy, p => p.AllowAnyOrigin().WithMethods("GET", "HEAD").AllowAnyHeader()
            .WithExposedHeaders("ETag", "Retry-After").SetPreflightMaxAge(TimeSpan.FromHours(1))));
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(PublicAgreementsEndpoint.Policy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (rejected, ct) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await Problems.WriteAsync(rejected.HttpContext, Problems.Create(StatusCodes.Status429TooManyRequests,
                    $"This address has made more than {perMinute} public requests in a minute. Try again in {retryAfter} seconds, and cache what you can: every response has an ETag."));
            };
        });
        return services;
    }
}
