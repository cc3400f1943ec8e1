using System.Text.Json.Serialization;

namespace AgreementService.Participants;

// Who and when are By and At in every event. These three were first stored under other names, which their JSON keeps.
public sealed record ParticipantRegistered(Guid ParticipantId, string Name, string Email, Guid? OrganisationId,
    [property: JsonPropertyName("RegisteredAt")] DateTimeOffset At, [property: JsonPropertyName("RegisteredBy")] string By);

public sealed record AccessTokenIssued(Guid ParticipantId, Guid TokenId, string TokenHash,
    [property: JsonPropertyName("IssuedAt")] DateTimeOffset At, [property: JsonPropertyName("IssuedBy")] string By);

public sealed record AccessTokenRevoked(Guid ParticipantId, Guid TokenId,
    [property: JsonPropertyName("RevokedAt")] DateTimeOffset At, [property: JsonPropertyName("RevokedBy")] string By);

/// <summary>A participant followed a sign-in link (from a sign-in request or an invitation) and began a session.</summary>
public sealed record ParticipantSignedIn(Guid ParticipantId, DateTimeOffset At);

/// <summary>Another administrator made the participant an administrator, or stopped them being one.</summary>
public sealed record AdministratorAppointed(Guid ParticipantId, DateTimeOffset At, string By);

public sealed record AdministratorDismissed(Guid ParticipantId, DateTimeOffset At, string By);

/// <summary>A person who takes part, usually on behalf of an organisation, and the tokens issued to them.</summary>
public sealed record Participant(Guid Id, string Name, string Email, Guid? OrganisationId, DateTimeOffset RegisteredAt)
{
    public int Version { get; init; }

    public IReadOnlyList<IssuedToken> Tokens { get; init; } = [];

    /// <summary>When they last signed in by an emailed link; null while they never have.</summary>
    public DateTimeOffset? SignedInAt { get; init; }

    /// <summary>Made an administrator by another (those named in Agreements:Administrators are administrators besides).</summary>
    public bool Appointed { get; init; }

    public Participant Apply(ParticipantSignedIn e) => this with { SignedInAt = e.At };

    public Participant Apply(AdministratorAppointed e) => this with { Appointed = true };

    public Participant Apply(AdministratorDismissed e) => this with { Appointed = false };

    public static Participant Create(ParticipantRegistered e) => new(e.ParticipantId, e.Name, e.Email, e.OrganisationId, e.At);

    public Participant Apply(AccessTokenIssued e) => this with { Tokens = [.. Tokens, new IssuedToken(e.TokenId, e.TokenHash, e.At, null)] };

    public Participant Apply(AccessTokenRevoked e) =>
        this with { Tokens = [.. Tokens.Select(t => t.Id == e.TokenId ? t with { RevokedAt = e.At } : t)] };
}

public sealed record IssuedToken(Guid Id, string Hash, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt);

/// <summary>A participant as the administrator, or they themself, sees them.</summary>
/// <param name="Id">The participant's id.</param>
/// <param name="Name">How others see them named.</param>
/// <param name="Email">Where they are reached; unique.</param>
/// <param name="OrganisationId">The organisation they speak for, if any.</param>
/// <param name="RegisteredAt">When they were registered (or invited).</param>
/// <param name="SignedInAt">When they last signed in by an emailed link; null if they never have (an invitation not yet taken up).</param>
/// <param name="Administrator">Made an administrator by another (PUT /participants/{id}/administrator); those named in the configuration are administrators besides.</param>
public sealed record ParticipantView(Guid Id, string Name, string Email, Guid? OrganisationId, DateTimeOffset RegisteredAt, DateTimeOffset? SignedInAt, bool Administrator)
{
    public static ParticipantView From(Participant p) => new(p.Id, p.Name, p.Email, p.OrganisationId, p.RegisteredAt, p.SignedInAt, p.Appointed);
}

/// <summary>A token as it is listed: never the token or its hash.</summary>
public sealed record TokenView(Guid Id, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt)
{
    public static TokenView From(IssuedToken t) => new(t.Id, t.IssuedAt, t.RevokedAt);
}
