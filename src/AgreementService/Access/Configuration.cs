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
        services.AddSingleton<Administrators>();
        services.AddSingleton<SignInLinks>();
        services.AddSingleton<SignInLimits>();
        // A bearer token when one is sent (tools, partners), else the session cookie (the web app); either gives the
        // same principal. Refusals are the bearer scheme's: 401 with WWW-Authenticate: Bearer, 403.
        services.AddAuthentication(Caller.Scheme)
            .AddPolicyScheme(Caller.Scheme, null, o =>
            {
                o.ForwardDefaultSelector = context => context.Request.Headers.Authorization.Count > 0 ? BearerAuthentication.SchemeName : SessionAuthentication.SchemeName;
                o.ForwardChallenge = BearerAuthentication.SchemeName;
                o.ForwardForbid = BearerAuthentication.SchemeName;
            })
            .AddScheme<AuthenticationSchemeOptions, BearerAuthentication>(BearerAuthentication.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthentication>(SessionAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Caller.AdministratorPolicy, p => p.RequireRole(Caller.AdministratorRole));
        services.ConfigureMarten(opts =>
        {
            opts.Schema.For<AgreementMembership>().Index(m => m.ParticipantId);
            // A link is used once: two uses at the same moment meet on the version, and the second fails.
            opts.Schema.For<SignInLink>().UseOptimisticConcurrency(true).Index(l => l.ParticipantId);
            opts.Schema.For<BrowserSession>().Index(s => s.ParticipantId).UniqueIndex(s => s.SessionId);
        });
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
