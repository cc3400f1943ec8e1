using Marten;

namespace AgreementService.Notifications;

public static class Configuration
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<UnsubscribeTokens>();
        return services.ConfigureMarten(opts =>
        {
            opts.Schema.For<DigestEntry>().Index(e => e.ParticipantId);
        });
    }
}
