using AgreementService.Infrastructure;
using Marten;

namespace AgreementService.Publishing;

public static class Configuration
{
    /// <summary>The public renderings' cache, CORS for any origin on public reads, and their limit per address.</summary>
    public static IServiceCollection AddPublishing(this IServiceCollection services)
    {
        services.AddSingleton<PublicCache>();
        services.ConfigureMarten((sp, opts) => opts.Listeners.Add(sp.GetRequiredService<PublicCache>()));
        services.AddCors(o => o.AddPolicy(PublicAgreementsEndpoint.Policy, p => p.AllowAnyOrigin().WithMethods("GET", "HEAD").AllowAnyHeader()
            .WithExposedHeaders("ETag", "Retry-After").SetPreflightMaxAge(TimeSpan.FromHours(1))));
        return RateLimits.Configure(services, (o, limits) =>
            o.AddPolicy(PublicAgreementsEndpoint.Policy, context => RateLimits.PerMinute(RateLimits.Address(context), limits.PublicPerMinute)));
    }
}
