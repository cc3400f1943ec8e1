using Marten;

namespace AgreementService.Access;

/// <summary>The hash of the generated administrator token, kept so it survives restarts.</summary>
public sealed record AdministratorCredential(string Id, string Hash, DateTimeOffset CreatedAt)
{
    public const string SingletonId = "administrator";
}

/// <summary>
/// The administrator's token: Agreements:AdminToken when configured; otherwise one generated at first start,
/// printed once, and stored only as a hash.
/// </summary>
public sealed class AdministratorToken(IConfiguration configuration, IDocumentStore store, TimeProvider clock, ILogger<AdministratorToken> logger)
    : IHostedService
{
    public const int MinimumLength = 32;

    private readonly string? _configuredHash = configuration["Agreements:AdminToken"] is { Length: > 0 } t ? Tokens.Hash(t) : null;

    /// <summary>Why the configured token cannot be used (a short one could be guessed), or null when it can.</summary>
    public static string? ConfigurationProblem(IConfiguration configuration) =>
        configuration["Agreements:AdminToken"] is { Length: > 0 and < MinimumLength }
            ? $"Agreements:AdminToken must be at least {MinimumLength} characters long (a generated one is, when it is left unset)."
            : null;
    private string? _storedHash;

    public async Task<bool> MatchesAsync(string hash, CancellationToken ct)
    {
        var expected = _configuredHash ?? _storedHash ?? (_storedHash = await LoadAsync(ct));
        return expected is not null && Tokens.HashesEqual(expected, hash);
    }

    private async Task<string?> LoadAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return (await session.LoadAsync<AdministratorCredential>(AdministratorCredential.SingletonId, ct))?.Hash;
    }

    public async Task StartAsync(CancellationToken ct)
    {
        if (_configuredHash is not null)
        {
            logger.LogInformation("Administrator token: taken from configuration (Agreements:AdminToken)");
            return;
        }

        if (await LoadAsync(ct) is { } stored)
        {
            _storedHash = stored;
            logger.LogInformation("Administrator token: the one generated at first start (set Agreements:AdminToken to replace it)");
            return;
        }

        var token = Tokens.NewToken();
        await using var session = store.LightweightSession();
        session.Insert(new AdministratorCredential(AdministratorCredential.SingletonId, Tokens.Hash(token), clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        _storedHash = Tokens.Hash(token);

        // Printed to the console, outside the log pipeline, this once: only its hash is kept.
        Console.WriteLine($"""

            ==================================================================
             Administrator token (shown once; only its hash is stored):
               {token}
             Use it as 'Authorization: Bearer <token>'.
            ==================================================================

            """);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
