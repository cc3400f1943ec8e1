using JasperFx.Events.Projections;
using Marten;

namespace AgreementService.Participants;

public static class Configuration
{
    public static IServiceCollection AddParticipants(this IServiceCollection services) =>
        services.ConfigureMarten(opts =>
        {
            // Inline: a token issued or revoked is in force as soon as the request that did it has answered.
            opts.Projections.Snapshot<Participant>(SnapshotLifecycle.Inline);
            // Authentication looks participants up by token hash (jsonb containment) and registration by email.
            opts.Schema.For<Participant>().GinIndexJsonData().UniqueIndex(p => p.Email);
        });
}
