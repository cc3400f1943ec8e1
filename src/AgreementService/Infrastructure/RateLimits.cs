using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using AgreementService.Access;
using AgreementService.Publishing;

namespace AgreementService.Infrastructure;

/// <summary>
/// Every limit on how fast a client may go, in one place: public reads per address; writes per caller and per
/// address; failed authentications per address. Past a limit the answer is 429 with Retry-After.
/// </summary>
public sealed record RateLimits(int PublicPerMinute, int WritesPerCallerPerMinute, int WritesPerAddressPerMinute, int FailedAuthenticationsPerMinute)
{
    public static RateLimits From(IConfiguration configuration) => new(
        configuration.GetValue("Agreements:PublicRequestsPerMinute", 600),
        configuration.GetValue("Agreements:WritesPerMinute", 120),
        configuration.GetValue("Agreements:WritesPerAddressPerMinute", 600),
        configuration.GetValue("Agreements:FailedAuthenticationsPerMinute", 20));

    public static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static bool IsWrite(HttpRequest request) =>
        !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method);

    /// <summary>Writes the 429 problem, with Retry-After in whole seconds.</summary>
    public static Task RefuseAsync(HttpContext context, TimeSpan? wait, string detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((wait ?? TimeSpan.FromMinutes(1)).TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problems.WriteAsync(context, Problems.Create(StatusCodes.Status429TooManyRequests, $"{detail} Try again in {seconds} seconds."));
    }

    private static RateLimitPartition<string> PerMinute(string key, int limit) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton(this);
        services.AddSingleton<FailedAuthentications>();
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(PublicAgreementsEndpoint.Policy, context => PerMinute(Address(context), PublicPerMinute));

            // Writes count against the caller (the participant, whichever of their tokens; the administrator is not limited
            // per caller, so a community can be set up in one go) and against the address they come from.
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    !IsWrite(context.Request) || context.User.IsAdministrator() ? RateLimitPartition.GetNoLimiter("")
                    : context.User.ParticipantId() is { } participant ? PerMinute(participant.ToString(), WritesPerCallerPerMinute)
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    IsWrite(context.Request) ? PerMinute(Address(context), WritesPerAddressPerMinute) : RateLimitPartition.GetNoLimiter("")));

            o.OnRejected = async (rejected, _) =>
            {
                var context = rejected.HttpContext;
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : (TimeSpan?)null;
                await RefuseAsync(context, wait, IsWrite(context.Request)
                    ? $"Too many changes: at most {WritesPerCallerPerMinute} a minute for each participant and {WritesPerAddressPerMinute} from each address."
                    : $"This address has made more than {PublicPerMinute} public requests in a minute. Cache what you can: every response has an ETag.");
            };
        });
    }
}

/// <summary>
/// Failed bearer authentications per address: past the limit, every bearer request from that address is refused
/// (429) until the minute is over, so tokens cannot be guessed by trying many.
/// </summary>
public sealed class FailedAuthentications(RateLimits limits) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.FailedAuthenticationsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
        }));

    public int Limit => limits.FailedAuthenticationsPerMinute;

    /// <summary>How long the address must wait, or null when it may try.</summary>
    public TimeSpan? Blocked(string address)
    {
        if (_failures.GetStatistics(address) is not { CurrentAvailablePermits: 0 })
        {
            return null;
        }

        using var lease = _failures.AttemptAcquire(address);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
    }

    public void Record(string address) => _failures.AttemptAcquire(address).Dispose();

    public void Dispose() => _failures.Dispose();
}
