using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace AgreementService.Infrastructure;

/// <summary>
/// Every limit on how fast a client may go, in one place: public reads per address; writes per caller and per
/// address; comparisons (diffs, previews, clause histories) per caller; failed authentications per address; sign-in requests per
/// address and per email. Past a
/// limit the answer is 429 with Retry-After.
/// </summary>
public sealed record RateLimits(int PublicPerMinute, int WritesPerCallerPerMinute, int WritesPerAddressPerMinute, int FailedAuthenticationsPerMinute,
    int ComparisonsPerMinute, int SignInsPerAddressPerMinute = 10, int SignInsPerEmailPerHour = 5)
{
    /// <summary>The policy of the reads that compare texts, the most costly a caller can ask for: per participant, or per address without a token.</summary>
    public const string Comparisons = "comparisons";

    public static RateLimits From(IConfiguration configuration) => new(
        configuration.GetValue("Agreements:PublicRequestsPerMinute", 600),
        configuration.GetValue("Agreements:WritesPerMinute", 120),
        configuration.GetValue("Agreements:WritesPerAddressPerMinute", 600),
        configuration.GetValue("Agreements:FailedAuthenticationsPerMinute", 20),
        configuration.GetValue("Agreements:ComparisonsPerMinute", 120),
        configuration.GetValue("Agreements:SignInsPerAddressPerMinute", 10),
        configuration.GetValue("Agreements:SignInsPerEmailPerHour", 5));

    public static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static bool IsWrite(HttpRequest request) =>
        !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method);

    /// <summary>Writes the 429 problem, with Retry-After in whole seconds.</summary>
    public static Task RefuseAsync(HttpContext context, TimeSpan? wait, string detail) => Problems.WriteAsync(context, Refusal(context, wait, detail));

    /// <summary>The 429 problem, with Retry-After (in whole seconds) set on the response.</summary>
    public static Microsoft.AspNetCore.Mvc.ProblemDetails Refusal(HttpContext context, TimeSpan? wait, string detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((wait ?? TimeSpan.FromMinutes(1)).TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Create(StatusCodes.Status429TooManyRequests, $"{detail} Try again in {seconds} seconds.");
    }

    /// <summary>Counts per key (an address, an email) in fixed windows of <paramref name="window"/>, <paramref name="limit"/> each.</summary>
    public static PartitionedRateLimiter<string> Counter(int limit, TimeSpan window) => PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = window, QueueLimit = 0 }));

    /// <summary>A fixed window of one minute holding <paramref name="limit"/> requests for <paramref name="key"/>.</summary>
    public static RateLimitPartition<string> PerMinute(string key, int limit) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    /// <summary>
    /// The limits and the 429 answer. Each feature adds the limits that are its own (Access: writes per caller and per
    /// address, failed authentications; Publishing: public reads) with <see cref="Configure"/>.
    /// </summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton(this);
        services.AddRateLimiter(o => o.OnRejected = async (rejected, _) =>
        {
            var context = rejected.HttpContext;
            var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : (TimeSpan?)null;
            await RefuseAsync(context, wait, IsWrite(context.Request)
                ? $"Too many changes: at most {WritesPerCallerPerMinute} a minute for each participant and {WritesPerAddressPerMinute} from each address."
                : context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == Comparisons
                    ? $"Too many comparisons: at most {ComparisonsPerMinute} diffs, previews and clause histories a minute for each participant (or address, without a token)."
                    : $"This address has made more than {PublicPerMinute} public requests in a minute. Cache what you can: every response has an ETag.");
        });
    }

    /// <summary>Adds a feature's limits, given the configured figures.</summary>
    public static IServiceCollection Configure(IServiceCollection services, Action<RateLimiterOptions, RateLimits> configure)
    {
        services.AddOptions<RateLimiterOptions>().Configure<RateLimits>(configure);
        return services;
    }
}
