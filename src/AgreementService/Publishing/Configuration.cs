using AgreementService.Access;
using AgreementService.Infrastructure;
using Marten;

namespace AgreementService.Publishing;

public static class Configuration
{
    /// <summary>The public renderings' cache, CORS for any origin on public reads, their limit per address, and the limit on comparisons.</summary>
    public static IServiceCollection AddPublishing(this IServiceCollection services)
    {
        services.AddSingleton<PublicCache>();
        services.ConfigureMarten((sp, opts) => opts.Listeners.Add(sp.GetRequiredService<PublicCache>()));
        services.AddCors(o => o.AddPolicy(PublicAgreementsEndpoint.Policy, p => p.AllowAnyOrigin().WithMethods("GET", "HEAD").AllowAnyHeader()
            .WithExposedHeaders("ETag", "Retry-After").SetPreflightMaxAge(TimeSpan.FromHours(1))));
        return RateLimits.Configure(services, (o, limits) =>
        {
            o.AddPolicy(PublicAgreementsEndpoint.Policy, context => RateLimits.PerMinute(RateLimits.Address(context), limits.PublicPerMinute));
            o.AddPolicy(RateLimits.Comparisons, context => RateLimits.PerMinute(
                context.User.ParticipantId() is { } participant ? participant.ToString() : RateLimits.Address(context), limits.ComparisonsPerMinute));
        });
    }
}
