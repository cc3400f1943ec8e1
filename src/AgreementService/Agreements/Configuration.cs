using JasperFx.Events.Projections;
using Marten;

namespace AgreementService.Agreements;

public static class Configuration
{
    public static IServiceCollection AddAgreements(this IServiceCollection services) =>
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Snapshot<Agreement>(SnapshotLifecycle.Inline);
            opts.Projections.Add(new AgreementProjection(), ProjectionLifecycle.Inline);
            opts.Schema.For<Agreement>().UniqueIndex(a => a.Slug);
            opts.Schema.For<AgreementVersion>().Index(v => v.AgreementId);
        });
}
