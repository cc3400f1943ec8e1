using System.Threading.RateLimiting;
using AgreementService.Infrastructure;
using AgreementService.Participants;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Access;

/// <summary>
/// Sign-in requests, limited per address (<c>Agreements:SignInsPerAddressPerMinute</c>) so that addresses cannot be
/// tried in bulk, and per email (<c>Agreements:SignInsPerEmailPerHour</c>) so that nobody's inbox can be flooded with
/// links. Counted whether or not the address is known, so the limit says nothing about who is registered.
/// </summary>
public sealed class SignInLimits(RateLimits limits) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _addresses = RateLimits.Counter(limits.SignInsPerAddressPerMinute, TimeSpan.FromMinutes(1));

    private readonly PartitionedRateLimiter<string> _emails = RateLimits.Counter(limits.SignInsPerEmailPerHour, TimeSpan.FromHours(1));

    /// <summary>Counts the request; past either limit, a 429 problem with Retry-After.</summary>
    public ProblemDetails Check(HttpContext context, string email)
    {
        if (Refused(_addresses, RateLimits.Address(context)) is { } wait)
        {
            return RateLimits.Refusal(context, wait, $"This address has asked for more than {limits.SignInsPerAddressPerMinute} sign-in links in a minute.");
        }

        return Refused(_emails, RegisterParticipantEndpoint.NormaliseEmail(email)) is { } longer
            ? RateLimits.Refusal(context, longer, $"More than {limits.SignInsPerEmailPerHour} sign-in links were asked for this email in an hour; use one of those sent.")
            : WolverineContinue.NoProblems;
    }

    private static TimeSpan? Refused(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
    }

    public void Dispose()
    {
        _addresses.Dispose();
        _emails.Dispose();
    }
}
