using JasperFx.Events.Projections;
using Marten;

namespace AgreementService.Proposals;

public static class Configuration
{
    public static IServiceCollection AddProposals(this IServiceCollection services) =>
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Snapshot<Proposal>(SnapshotLifecycle.Inline);
            opts.Schema.For<Proposal>().Index(p => p.AgreementId);
        });
}
