using System.Threading.RateLimiting;
using AgreementService.Infrastructure;
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
        services.AddSingleton<FailedAuthentications>();

        // Writes count against the caller (the participant, whichever of their tokens; the administrator is not limited
        // per caller, so a community can be set up in one go) and against the address they come from.
        return RateLimits.Configure(services, (o, limits) => o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, string>(context =>
                !RateLimits.IsWrite(context.Request) || context.User.IsAdministrator() ? RateLimitPartition.GetNoLimiter("")
                : context.User.ParticipantId() is { } participant ? RateLimits.PerMinute(participant.ToString(), limits.WritesPerCallerPerMinute)
                : RateLimitPartition.GetNoLimiter("")),
            PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimits.IsWrite(context.Request) ? RateLimits.PerMinute(RateLimits.Address(context), limits.WritesPerAddressPerMinute) : RateLimitPartition.GetNoLimiter(""))));
    }
}
