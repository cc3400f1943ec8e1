using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using AgreementService.Infrastructure;
using AgreementService.Participants;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AgreementService.Access;

/// <summary>
/// Resolves "Authorization: Bearer &lt;token&gt;" on every request from the database, without caching, so a revoked
/// token stops working at once.
/// </summary>
internal sealed class BearerAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IQuerySession session,
    AdministratorToken administrator,
    Administrators administrators,
    FailedAuthentications failures) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    private const string FailureKey = "agreements.auth.failure";
    private const string BlockedKey = "agreements.auth.blocked";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return Fail("The Authorization header must read 'Bearer <token>'.");
        }

        var hash = Tokens.Hash(header[7..].Trim());
        if (await administrator.MatchesAsync(hash, Context.RequestAborted))
        {
            return Success(new Claim(ClaimTypes.Role, Caller.AdministratorRole), new Claim(ClaimTypes.Name, Caller.AdministratorRole));
        }

        // Containment on the whole document is what the GIN index on participants serves (and plain SQL spares the
        // per-request expression compiling that the LINQ form cost: it was most of a ballot's CPU).
        var participant = (await session.QueryAsync<Participant>("where d.data @> ?::jsonb", Context.RequestAborted,
            JsonSerializer.Serialize(new { Tokens = new[] { new { Hash = hash } } }))).FirstOrDefault();
        var token = participant?.Tokens.Single(t => t.Hash == hash);
        if (participant is null || token is null)
        {
            return Fail("The bearer token is not known. Check that it was copied whole, or ask for a new one.");
        }

        if (token.RevokedAt is not null)
        {
            return Fail("The bearer token was revoked. Ask for a new one."); // not when: that is its owner's business
        }

        return AuthenticateResult.Success(new AuthenticationTicket(administrators.Principal(participant, SchemeName), SchemeName));
    }

    private AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));

    /// <summary>
    /// A credential that is not good: 401 saying why, counted against the address; past the limit, 429 until the minute
    /// is over. A good credential is never refused for what others from the same address did.
    /// </summary>
    private AuthenticateResult Fail(string reason)
    {
        var address = RateLimits.Address(Context);
        if (failures.Blocked(address) is { } wait)
        {
            Context.Items[BlockedKey] = wait;
            return AuthenticateResult.Fail("Too many failed authentications from this address.");
        }

        failures.Record(address);
        Context.Items[FailureKey] = reason;
        return AuthenticateResult.Fail(reason);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[BlockedKey] is TimeSpan wait)
        {
            return RateLimits.RefuseAsync(Context, wait,
                $"This address has failed to authenticate more than {failures.Limit} times in a minute, so its requests are refused for now.");
        }

        Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.WriteAsync(Context, Problems.Create(StatusCodes.Status401Unauthorized, Context.Items[FailureKey] as string));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, Problems.Create(StatusCodes.Status403Forbidden));
}
