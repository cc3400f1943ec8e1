using JasperFx.Events.Projections;
using Marten;

namespace AgreementService.Votes;

public static class Configuration
{
    public static IServiceCollection AddVotes(this IServiceCollection services) =>
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Snapshot<Vote>(SnapshotLifecycle.Inline);
            opts.Schema.For<Vote>().Index(v => v.ProposalId);
        });
}
