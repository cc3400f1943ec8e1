using JasperFx.Events.Projections;
using Marten;

namespace AgreementService.Activity;

public static class Configuration
{
    public static IServiceCollection AddActivity(this IServiceCollection services) =>
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Add(new ActivityProjection(), ProjectionLifecycle.Inline);
            opts.Schema.For<ActivityEntry>().Index(a => a.AgreementId).Index(a => a.Sequence);
        });
}
