using Marten;
using Microsoft.AspNetCore.Authentication;

namespace AgreementService.Access;

public static class Configuration
{
    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        services.AddSingleton<AdministratorToken>();
        services.AddHostedService(sp => sp.GetRequiredService<AdministratorToken>());
        services.AddAuthentication(BearerAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthentication>(BearerAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Caller.AdministratorPolicy, p => p.RequireRole(Caller.AdministratorRole));
        services.ConfigureMarten(opts => opts.Schema.For<AgreementMembership>().Index(m => m.ParticipantId));
        return services;
    }
}
