namespace AgreementService.Participants;

public sealed record ParticipantRegistered(Guid ParticipantId, string Name, string Email, Guid? OrganisationId, DateTimeOffset RegisteredAt, string RegisteredBy);

public sealed record AccessTokenIssued(Guid ParticipantId, Guid TokenId, string TokenHash, DateTimeOffset IssuedAt, string IssuedBy);

public sealed record AccessTokenRevoked(Guid ParticipantId, Guid TokenId, DateTimeOffset RevokedAt, string RevokedBy);

/// <summary>A person who takes part, usually on behalf of an organisation, and the tokens issued to them.</summary>
public sealed record Participant(Guid Id, string Name, string Email, Guid? OrganisationId, DateTimeOffset RegisteredAt)
{
    public int Version { get; init; }

    public IReadOnlyList<IssuedToken> Tokens { get; init; } = [];

    public static Participant Create(ParticipantRegistered e) => new(e.ParticipantId, e.Name, e.Email, e.OrganisationId, e.RegisteredAt);

    public Participant Apply(AccessTokenIssued e) => this with { Tokens = [.. Tokens, new IssuedToken(e.TokenId, e.TokenHash, e.IssuedAt, null)] };

    public Participant Apply(AccessTokenRevoked e) =>
        this with { Tokens = [.. Tokens.Select(t => t.Id == e.TokenId ? t with { RevokedAt = e.RevokedAt } : t)] };
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
