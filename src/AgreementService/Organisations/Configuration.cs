using JasperFx.Events.Projections;
using Marten;

namespace AgreementService.Organisations;

public static class Configuration
{
    public static IServiceCollection AddOrganisations(this IServiceCollection services) =>
        services.ConfigureMarten(opts => opts.Projections.Snapshot<Organisation>(SnapshotLifecycle.Inline));
}
