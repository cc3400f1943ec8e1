using JasperFx.Events.Projections;
using Marten;

namespace AgreementService.Comments;

public static class Configuration
{
    public static IServiceCollection AddComments(this IServiceCollection services) =>
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Snapshot<Comment>(SnapshotLifecycle.Inline);
            opts.Schema.For<Comment>().Index(c => c.ProposalId);
        });
}
