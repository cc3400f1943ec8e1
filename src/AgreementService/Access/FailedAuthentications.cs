using System.Threading.RateLimiting;
using AgreementService.Infrastructure;

namespace AgreementService.Access;

/// <summary>
/// Failed bearer authentications per address: past the limit, every further bad credential from that address is
/// answered 429 until the minute is over, so tokens cannot be guessed by trying many; good ones still pass.
/// </summary>
public sealed class FailedAuthentications(RateLimits limits) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = RateLimits.Counter(limits.FailedAuthenticationsPerMinute, TimeSpan.FromMinutes(1));

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
