using Marten;
using Wolverine;
using Wolverine.ErrorHandling;

namespace AgreementService.Webhooks;

public static class Configuration
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = WebhookSettings.From(configuration);
        services.AddSingleton(settings);
        // No redirects (a 307 would re-send the signed POST elsewhere); every connection goes only to a public address.
        services.AddHttpClient(nameof(DeliverWebhookHandler), c => c.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectCallback = (context, ct) => Destinations.ConnectAsync(context, settings.AllowPrivateAddresses, ct),
            });
        services.ConfigureWolverine(opts => opts.RetryWebhookDeliveries());
        services.ConfigureMarten(opts =>
        {
            opts.Schema.For<Webhook>().Index(h => h.AgreementId);
            opts.Schema.For<WebhookDelivery>().Index(d => d.HookId);
        });
        return services;
    }

    /// <summary>A receiver that does not answer 2xx is tried again after 1 s, 2 s, 5 s, 15 s, 1 min, 5 min, 15 min, then every hour until it does.</summary>
    public static void RetryWebhookDeliveries(this WolverineOptions opts) =>
        opts.OnException<WebhookDeliveryFailed>().ScheduleRetryIndefinitely(
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(1),
            TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1));
}
