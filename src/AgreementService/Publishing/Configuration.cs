using Marten;

namespace AgreementService.Publishing;

public static class Configuration
{
    /// <summary>The public renderings' cache, and CORS for any origin on public reads (their rate limit is in RateLimits).</summary>
    public static IServiceCollection AddPublishing(this IServiceCollection services)
    {
        var cache = new PublicCache(TimeProvider.System);
        services.AddSingleton(cache);
        services.ConfigureMarten(opts => opts.Listeners.Add(cache));
        services.AddCors(o => o.AddPolicy(PublicAgreementsEndpoint.Policy, p => p.AllowAnyOrigin().WithMethods("GET", "HEAD").AllowAnyHeader()
            .WithExposedHeaders("ETag", "Retry-After").SetPreflightMaxAge(TimeSpan.FromHours(1))));
        return services;
    }
}
