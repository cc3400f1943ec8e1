using System.Text.Json.Serialization;

namespace AgreementService.Participants;

// Who and when are By and At in every event. These three were first stored under other names, which their JSON keeps.
public sealed record ParticipantRegistered(Guid ParticipantId, string Name, string Email, Guid? OrganisationId,
    [property: JsonPropertyName("RegisteredAt")] DateTimeOffset At, [property: JsonPropertyName("RegisteredBy")] string By);

public sealed record AccessTokenIssued(Guid ParticipantId, Guid TokenId, string TokenHash,
    [property: JsonPropertyName("IssuedAt")] DateTimeOffset At, [property: JsonPropertyName("IssuedBy")] string By);

public sealed record AccessTokenRevoked(Guid ParticipantId, Guid TokenId,
    [property: JsonPropertyName("RevokedAt")] DateTimeOffset At, [property: JsonPropertyName("RevokedBy")] string By);

/// <summary>A person who takes part, usually on behalf of an organisation, and the tokens issued to them.</summary>
public sealed record Participant(Guid Id, string Name, string Email, Guid? OrganisationId, DateTimeOffset RegisteredAt)
{
    public int Version { get; init; }

    public IReadOnlyList<IssuedToken> Tokens { get; init; } = [];

    public static Participant Create(ParticipantRegistered e) => new(e.ParticipantId, e.Name, e.Email, e.OrganisationId, e.At);

    public Participant Apply(AccessTokenIssued e) => this with { Tokens = [.. Tokens, new IssuedToken(e.TokenId, e.TokenHash, e.At, null)] };

    public Participant Apply(AccessTokenRevoked e) =>
        this with { Tokens = [.. Tokens.Select(t => t.Id == e.TokenId ? t with { RevokedAt = e.At } : t)] };
}

public sealed record IssuedToken(Guid Id, string Hash, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt);

public sealed record ParticipantView(Guid Id, string Name, string Email, Guid? OrganisationId, DateTimeOffset RegisteredAt)
{
    public static ParticipantView From(Participant p) => new(p.Id, p.Name, p.Email, p.OrganisationId, p.RegisteredAt);
}

/// <summary>A token as it is listed: never the token or its hash.</summary>
public sealed record TokenView(Guid Id, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt)
{
    public static TokenView From(IssuedToken t) => new(t.Id, t.IssuedAt, t.RevokedAt);
}
